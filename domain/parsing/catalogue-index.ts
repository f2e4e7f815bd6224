import { EXTRA_ALIASES } from './extra-aliases';

// The catalogue as the parser sees it: products by region, and region names/aliases compiled into
// matchers. Built once from catalogue rows (database or seed CSV); pure data afterwards.

export interface CatalogueProduct {
  sku: string;
  type: 'esim' | 'sim';
  regionCode: string;
  dataGb: number | null; // null = unlimited
  validityDays: number;
}

export interface CatalogueRegion {
  code: string;
  name: string;
  aliases: string[];
}

export interface RegionMatcher {
  code: string;
  alias: string;
  pattern: RegExp;
  /** Short aliases that are also everyday words ("my", "us", "id") count only when written in capitals. */
  capitalsOnly: boolean;
}

export interface CatalogueIndex {
  products: CatalogueProduct[];
  regions: CatalogueRegion[];
  matchers: RegionMatcher[];
  bySku: Map<string, CatalogueProduct>;
}

const COMMON_WORDS = new Set(['my', 'us', 'id', 'in', 'it', 'no', 'to', 'at', 'am', 'be', 'tr', 'th', 'au', 'eu', 'cn', 'world']);
const CONNECTOR = String.raw`\s*(?:\+|&|and|y|e|plus|和|与|與)\s*`;
const CJK = /[\u3000-\u9fff\uf900-\ufaff]/;

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// A Latin letter and its accented forms: "dubai" also reads "Dubái", "turquia" "Turquía", "mexico" "México".
const ACCENTED: Record<string, string> = { a: '[aáàâãä]', e: '[eéèêë]', i: '[iíìîï]', o: '[oóòôõö]', u: '[uúùûü]', c: '[cç]', n: '[nñ]' };

// Aliases whose accented spelling is another word: "América" is the continent in Spanish and Portuguese.
const ACCENT_MATTERS = new Set(['america']);

/** An alias part as a pattern that ignores its accents, and any other accents written where it has none. */
function accentFree(part: string): string {
  if (ACCENT_MATTERS.has(part)) return escape(part);
  const bare = part.normalize('NFD').replace(/\p{M}/gu, '');
  return [...bare].map((ch) => ACCENTED[ch] ?? escape(ch)).join('');
}

/** "usa+canada" also matches "USA & Canada" and "usa and canada"; spaces match any spacing; accents are optional. */
function aliasPattern(alias: string): RegExp {
  const parts = alias.split(/\s*(?:\+|&)\s*/).map((part) => (CJK.test(part) ? escape(part) : accentFree(part)).replace(/\s+/g, String.raw`[\s-]*`));
  const body = parts.join(CONNECTOR);
  // CJK has no spaces between words: match anywhere. Latin aliases must stand as words.
  if (CJK.test(alias)) return new RegExp(body, 'gu');
  return new RegExp(String.raw`(?<![\p{L}\p{N}])${body}(?![\p{L}\p{N}])`, 'giu');
}

export function buildCatalogueIndex(products: CatalogueProduct[], regions: CatalogueRegion[]): CatalogueIndex {
  const matchers: RegionMatcher[] = [];
  for (const region of regions) {
    const names = new Set(
      [region.name, ...region.aliases, ...(EXTRA_ALIASES[region.code] ?? [])].map((a) => a.toLowerCase()),
    );
    // "Europe (33 countries)" -> also "europe"
    const bare = region.name.replace(/\s*\(.*\)\s*/, '').toLowerCase();
    if (bare) names.add(bare);
    for (const alias of names) {
      matchers.push({
        code: region.code,
        alias,
        pattern: aliasPattern(alias),
        // "hk 10gb" and "uk" are read in lower case; "my", "us", "id", "eu" (Portuguese "I") only as MY, US, ID, EU.
        capitalsOnly: !CJK.test(alias) && (COMMON_WORDS.has(alias) || alias.length === 1),
      });
    }
  }
  // Longest alias first, so "usa+canada" wins over "usa" and "south korea" over "korea".
  matchers.sort((a, b) => b.alias.length - a.alias.length);
  return { products, regions, matchers, bySku: new Map(products.map((p) => [p.sku, p])) };
}
