import { welcomeText } from '../../domain/onboarding/welcome';
import { DEFAULT_TERMS, planAccountTerms, type TermsRequest } from '../../domain/resellers/new-account';

// Issue 19: the terms staff choose when approving a new reseller, under the rules of a reseller
// edit (domain/resellers/edit.ts): tiers of the price tables, prepaid or postpaid, a credit limit in
// USD minor units, above zero for postpaid and none for prepaid; the default is tier_3, prepaid.

describe('a new reseller\'s terms', () => {
  const accepted: [string, TermsRequest, { tier: string; accountType: string; creditLimitMinor: number }, string][] = [
    ['nothing chosen: the spec\'s default, which the desk may give', {}, DEFAULT_TERMS, 'desk'],
    ['blank fields are the default too (the form sends them empty)', { tier: '', accountType: ' ', creditLimit: '' }, DEFAULT_TERMS, 'desk'],
    ['tier_3 prepaid said out loud', { tier: 'tier_3', accountType: 'prepaid' }, DEFAULT_TERMS, 'desk'],
    ['postpaid with a grouped limit', { tier: 'tier_2', accountType: 'postpaid', creditLimit: '5,000.00' }, { tier: 'tier_2', accountType: 'postpaid', creditLimitMinor: 500_000 }, 'owner'],
    ['postpaid with a plain limit and one decimal', { accountType: 'postpaid', creditLimit: '12500.5' }, { tier: 'tier_3', accountType: 'postpaid', creditLimitMinor: 1_250_050 }, 'owner'],
    ['the smallest limit above zero', { accountType: 'postpaid', creditLimit: '0.01' }, { tier: 'tier_3', accountType: 'postpaid', creditLimitMinor: 1 }, 'owner'],
    ['a better tier, prepaid: the owner\'s call', { tier: 'tier_1' }, { tier: 'tier_1', accountType: 'prepaid', creditLimitMinor: 0 }, 'owner'],
    ['tier spelt as the edit command takes it', { tier: 'Tier2' }, { tier: 'tier_2', accountType: 'prepaid', creditLimitMinor: 0 }, 'owner'],
  ];
  test.each(accepted)('%s', (_name, request, terms, permission) => {
    expect(planAccountTerms(request)).toEqual({ ok: true, terms, permission });
  });

  const refused: [string, TermsRequest, string[]][] = [
    ['postpaid without a limit', { accountType: 'postpaid' }, ['creditLimit: a postpaid account needs a credit limit in USD above zero, e.g. 5000 or 5,000.00']],
    ['postpaid with a zero limit', { accountType: 'postpaid', creditLimit: '0.00' }, ['creditLimit: a postpaid account needs a credit limit in USD above zero, e.g. 5000 or 5,000.00']],
    ['prepaid with a limit', { accountType: 'prepaid', creditLimit: '5000' }, ['creditLimit: a prepaid account has no credit limit (it pays from its balance): leave the credit limit empty, or choose postpaid']],
    ['a limit with no account type (prepaid by default)', { creditLimit: '5000' }, ['creditLimit: a prepaid account has no credit limit (it pays from its balance): leave the credit limit empty, or choose postpaid']],
    ['a negative limit', { accountType: 'postpaid', creditLimit: '-5000' }, ['creditLimit: the credit limit is an amount in USD, e.g. 5000 or 5,000.00, not "-5000"']],
    ['commas not in threes', { accountType: 'postpaid', creditLimit: '5,00' }, ['creditLimit: the credit limit is an amount in USD, e.g. 5000 or 5,000.00, not "5,00"']],
    ['a decimal comma', { accountType: 'postpaid', creditLimit: '5000,50' }, ['creditLimit: the credit limit is an amount in USD, e.g. 5000 or 5,000.00, not "5000,50"']],
    ['words', { accountType: 'postpaid', creditLimit: 'five thousand' }, ['creditLimit: the credit limit is an amount in USD, e.g. 5000 or 5,000.00, not "five thousand"']],
    ['more decimals than USD has', { accountType: 'postpaid', creditLimit: '5000.005' }, ['creditLimit: the credit limit: "5000.005" has more decimals than USD allows (2)']],
    ['an unknown tier', { tier: 'tier_9' }, ['tier: the tier must be one of tier_1, tier_2, tier_3']],
    ['an unknown account type', { accountType: 'credit', creditLimit: '100' }, ['accountType: the account type must be one of prepaid, postpaid']],
    ['every problem at once', { tier: 'gold', accountType: 'postpaid' }, ['tier: the tier must be one of tier_1, tier_2, tier_3', 'creditLimit: a postpaid account needs a credit limit in USD above zero, e.g. 5000 or 5,000.00']],
  ];
  test.each(refused)('%s is refused, naming the field', (_name, request, errors) => {
    const plan = planAccountTerms(request);
    expect(plan.ok ? [] : plan.errors.map((e) => `${e.field}: ${e.message}`)).toEqual(errors);
  });
});

describe('the welcome message', () => {
  const prices = [{ sku: 'ESIM-JP-10GB-15D', unitPriceMinor: 1290 }, { sku: 'ESIM-TH-5GB-8D', unitPriceMinor: 650 }];
  test('prepaid at tier 3: the trial, and the prices', () => {
    expect(welcomeText({ company: 'Lisboa Travel', customerId: 'B2B-021', terms: DEFAULT_TERMS, trial: true, prices })).toBe(
      'Welcome to eSIM Hub, Lisboa Travel! Your account B2B-021 is open (prepaid; your first order is a small trial).\n' +
        'Your price list (tier 3, USD per eSIM, before volume discounts):\nESIM-JP-10GB-15D: USD 12.90\nESIM-TH-5GB-8D: USD 6.50\nOrder by writing e.g. "Japan 10GB 15 days x 20".',
    );
  });
  test('postpaid states its credit limit as the app prints money; no trial line when none applies', () => {
    const text = welcomeText({ company: 'Berlin Roam', customerId: 'B2B-022', terms: { tier: 'tier_2', accountType: 'postpaid', creditLimitMinor: 1_250_050 }, trial: false, prices });
    expect(text.split('\n').slice(0, 2)).toEqual(['Welcome to eSIM Hub, Berlin Roam! Your account B2B-022 is open (postpaid, credit limit USD 12,500.50).', 'Your price list (tier 2, USD per eSIM, before volume discounts):']);
  });
});
