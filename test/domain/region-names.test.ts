import fs from 'node:fs';
import path from 'node:path';
import { REGION_NAMES, regionNameIn } from '../../domain/replies/region-names';

describe('region names in replies', () => {
  const codes = fs
    .readFileSync(path.resolve(__dirname, '../../prisma/seed/regions.csv'), 'utf8')
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((line) => line.split(',')[0]!);

  test('every catalogue region has a Spanish and a Portuguese name', () => {
    expect(codes.length).toBeGreaterThan(10);
    for (const code of codes) {
      expect(REGION_NAMES.es[code]).toBeTruthy();
      expect(REGION_NAMES.pt[code]).toBeTruthy();
    }
  });

  test('English and other languages keep the catalogue name', () => {
    expect(regionNameIn('es', 'JP', 'Japan')).toBe('Japón');
    expect(regionNameIn('pt', 'KR', 'South Korea')).toBe('Coreia do Sul');
    expect(regionNameIn('en', 'JP', 'Japan')).toBe('Japan');
    expect(regionNameIn('pt', 'XX', 'Atlantis')).toBe('Atlantis');
  });
});
