// Country and region names resellers write that the wholesaler's region table does not list yet
// (mostly Spanish, Portuguese and traditional Chinese spellings). Used only for regions that exist.

export const EXTRA_ALIASES: Readonly<Record<string, readonly string[]>> = {
  JP: ['japão', 'japao', '日本國'],
  KR: ['coreia', 'coreia do sul', 'corea del sur', '南韩', '南韓', '韩', '韓'],
  TH: ['tailândia', 'tailandia', 'thai'],
  SG: ['cingapura', 'singapura'],
  MY: ['malásia', 'malaysia', '马来', '馬來', '大马', '大馬'],
  VN: ['vietnã', 'vietna', 'vietname'],
  ID: ['indonésia'],
  TW: ['taiwán'],
  CHM: ['chm', 'china continental', '中國', '中國大陸', '大陸', '中港澳台'],
  US: ['ee.uu.', 'ee.uu', 'ee. uu.', 'eua', 'estados unidos da américa', 'u.s.', 'u.s.a.'],
  USCA: ['usca', 'usa/can', 'us/can', 'usa/canada', 'us/canada', 'eua/can', 'eeuu/can', 'norteamérica', 'norteamerica', 'norte américa', 'eua e canadá', 'eua+canadá', 'usa and canada', 'estados unidos y canadá', 'américa del norte', 'américa do norte'],
  EU: ['申根', '申根区', '申根區', '申根国家', '申根國家', 'europeu', 'europeia', 'union europea', 'união europeia', '歐盟', '欧盟'],
  UK: ['reino unido', 'inglaterra'],
  TR: ['turquia'],
  AE: ['eau', 'e.a.u.', 'emiratos', 'emirados', 'emirados árabes', 'emiratos árabes', 'emiratos árabes unidos', 'emirados árabes unidos', 'abu dhabi', 'abu dabi', '阿聯酋', '杜拜', '阿布扎比'],
  AU: ['austrália', '澳洲', 'aus', 'aussie'],
  ASIA: ['ásia'],
  // "world eSIM 10GB x 6": "world" alone counts only as WORLD ("around the world"), but not before eSIM or plan.
  GLOBAL: ['world esim', 'world esims', 'world e-sim', 'world plan', 'world plans', 'mundo', 'todo el mundo', 'todo o mundo', 'mundo todo', 'mundo inteiro', 'mundiales', 'mundiais', 'internacional', 'internacionales', 'internacionais', 'international', 'global plan', '全世界', '全球通', '环球', '環球'],
};
