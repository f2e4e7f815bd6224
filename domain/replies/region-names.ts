// Region names for replies in Spanish and Portuguese (the catalogue's names are English; its
// aliases carry Chinese names, used for Chinese replies). A region not listed keeps its English name.

export const REGION_NAMES: Record<'es' | 'pt', Record<string, string>> = {
  es: {
    JP: 'Japón', KR: 'Corea del Sur', TH: 'Tailandia', SG: 'Singapur', MY: 'Malasia', VN: 'Vietnam', ID: 'Indonesia',
    HK: 'Hong Kong', TW: 'Taiwán', CHM: 'China continental + Hong Kong + Macao', US: 'Estados Unidos', USCA: 'Estados Unidos + Canadá',
    EU: 'Europa (33 países)', UK: 'Reino Unido', TR: 'Turquía', AE: 'Emiratos Árabes Unidos', AU: 'Australia', ASIA: 'Asia (8 países)',
    GLOBAL: 'Global (más de 100 países)',
  },
  pt: {
    JP: 'Japão', KR: 'Coreia do Sul', TH: 'Tailândia', SG: 'Singapura', MY: 'Malásia', VN: 'Vietnã', ID: 'Indonésia',
    HK: 'Hong Kong', TW: 'Taiwan', CHM: 'China continental + Hong Kong + Macau', US: 'Estados Unidos', USCA: 'Estados Unidos + Canadá',
    EU: 'Europa (33 países)', UK: 'Reino Unido', TR: 'Turquia', AE: 'Emirados Árabes Unidos', AU: 'Austrália', ASIA: 'Ásia (8 países)',
    GLOBAL: 'Global (mais de 100 países)',
  },
};

export function regionNameIn(language: string, code: string, english: string): string {
  return language === 'es' || language === 'pt' ? (REGION_NAMES[language][code] ?? english) : english;
}
