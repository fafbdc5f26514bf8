// Minimal typings for the parts of nlp.js (v4) the clerk uses; the packages ship none.
declare module '@nlpjs/core' {
  export interface Container {
    use(plugin: unknown): void;
  }
  export function containerBootstrap(): Promise<Container>;
}

declare module '@nlpjs/nlp' {
  export interface NlpEntity {
    entity: string;
    option?: string;
    sourceText?: string;
    len?: number;
    accuracy?: number;
  }
  export interface NlpResult {
    intent: string;
    score: number;
    entities: NlpEntity[];
    /** Every intent with its score, the likeliest first (the scores of one message add up to 1). */
    classifications?: { intent: string; score: number }[];
  }
  export class Nlp {
    constructor(settings: Record<string, unknown>);
    nluManager: { settings: Record<string, unknown> };
    ner: { process(input: { locale: string; utterance: string }): Promise<{ entities: NlpEntity[] }> };
    addLanguage(locale: string): void;
    addDocument(locale: string, utterance: string, intent: string): void;
    addNerRuleOptionTexts(locale: string, entity: string, option: string, texts: string[]): void;
    train(): Promise<unknown>;
    process(locale: string, utterance: string): Promise<NlpResult>;
  }
}

declare module '@nlpjs/lang-ro' {
  export const LangRo: unknown;
}
declare module '@nlpjs/lang-fa' {
  export const LangFa: unknown;
}
declare module '@nlpjs/lang-en-min' {
  export const LangEn: unknown;
}
