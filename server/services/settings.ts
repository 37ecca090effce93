/**
 * Instance settings an admin sets. Today: the prices of AI models, in US dollars per
 * 1,000 tokens (prompt and completion separately), used by the AI agent's cost budget
 * (`lib/nodes/ai-agent/budget.ts`). Stored as one JSON value under `ai.modelPrices`.
 */
import 'server-only';
import { z } from 'zod';
import type { Storage } from '../storage/port';
import { AppError } from '../errors';
import type { ModelPrice } from '@/lib/nodes/ai-agent/budget';

const PRICES_KEY = 'ai.modelPrices';
/** Most models with a price. */
export const MAX_PRICED_MODELS = 200;

const price = z.number().min(0, 'must not be negative').max(1000, 'must be at most 1000 (USD per 1,000 tokens)');
/** The prices setting: model name → prices per 1,000 tokens. */
export const ModelPricesSchema = z
  .record(z.string().trim().min(1, 'model name is required').max(200, 'model name must be at most 200 characters'), z.object({ promptPer1k: price, completionPer1k: price }).strict())
  .refine((r) => Object.keys(r).length <= MAX_PRICED_MODELS, `at most ${MAX_PRICED_MODELS} models`);
export type ModelPrices = z.infer<typeof ModelPricesSchema>;

export class SettingsService {
  constructor(
    private readonly storage: Pick<Storage, 'settings'>,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Every model's prices (`{}` when none were set), with who set them last. */
  async modelPrices(): Promise<{ prices: ModelPrices; updatedAt: number | null; updatedBy: string | null }> {
    const row = await this.storage.settings.get(PRICES_KEY);
    if (!row) return { prices: {}, updatedAt: null, updatedBy: null };
    const parsed = ModelPricesSchema.safeParse(JSON.parse(row.value));
    return { prices: parsed.success ? parsed.data : {}, updatedAt: row.updatedAt, updatedBy: row.updatedBy };
  }

  /** One model's prices, or null when none is set. */
  async modelPrice(model: string): Promise<ModelPrice | null> {
    return (await this.modelPrices()).prices[model] ?? null;
  }

  /**
   * Replaces every model's prices; audited as `settings.update`.
   * @throws AppError('invalid') naming the model and field of a bad price.
   */
  async setModelPrices(prices: unknown, by: string): Promise<ModelPrices> {
    const parsed = ModelPricesSchema.safeParse(prices);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({ path: ['prices', ...i.path.map(String)], message: `${i.path.map(String).join('.') || 'prices'}: ${i.message}` }));
      throw new AppError('invalid', `Model prices are not valid: ${issues.map((i) => i.message).join('; ')}`, issues);
    }
    const at = this.clock();
    await this.storage.settings.put(
      { key: PRICES_KEY, value: JSON.stringify(parsed.data), updatedAt: at, updatedBy: by },
      { actor: by, action: 'settings.update', targetType: 'settings', targetId: PRICES_KEY, details: { models: Object.keys(parsed.data) }, at },
    );
    return parsed.data;
  }
}
