import { applicationFields, volumeOf } from '../../domain/onboarding/application-fields';

// Issue 15: an onboarding answer kept as fields, in the four languages resellers write.
test('English, with a registration number and a volume with a thousands separator', () => {
  expect(applicationFields('Company: Manila Roam\nLegal entity: Manila Roam Travel Corp.\nRegistration no: SEC-CS201912345\nCountry: ph\nSales channels: online shop, travel agencies\nEstimated monthly volume: about 2,000 cards\nPrimary contact: Ana Reyes, +639171234567')).toEqual({
    companyName: 'Manila Roam',
    legalEntity: 'Manila Roam Travel Corp.',
    registrationDocument: 'SEC-CS201912345',
    country: 'PH',
    salesChannels: 'online shop, travel agencies',
    estMonthlyVolume: 2000,
    primaryContact: 'Ana Reyes, +639171234567',
  });
});

test('Chinese with full-width colons, Spanish and Portuguese labels', () => {
  expect(applicationFields('公司：深圳漫游科技\n法人：深圳漫游科技有限公司\n统一社会信用代码：91440300MA5G12345X\n国家：CN\n月销量：约800张\n联系人：王伟')).toMatchObject({ companyName: '深圳漫游科技', legalEntity: '深圳漫游科技有限公司', registrationDocument: '91440300MA5G12345X', country: 'CN', estMonthlyVolume: 800, primaryContact: '王伟' });
  expect(applicationFields('Empresa: Viajes Sol\nRazón social: Viajes Sol S.L.\nNIF: B12345678\nPaís: España\nVolumen mensual: 1.500')).toMatchObject({ companyName: 'Viajes Sol', legalEntity: 'Viajes Sol S.L.', registrationDocument: 'B12345678', country: 'España', estMonthlyVolume: 1500 });
  expect(applicationFields('Nome da empresa - Rota Chip\nCNPJ: 12.345.678/0001-90\nVolume mensal estimado: 300')).toMatchObject({ companyName: 'Rota Chip', registrationDocument: '12.345.678/0001-90', estMonthlyVolume: 300 });
});

test('free text without labels fills nothing; volumes as people write them', () => {
  expect(applicationFields('Hi, we are a travel agency in Lima and sell about 300 eSIMs a month.')).toEqual({});
  expect(['2,000', '1.500', '约800张', '5k cards', 'none'].map(volumeOf)).toEqual([2000, 1500, 800, 5000, null]);
});
