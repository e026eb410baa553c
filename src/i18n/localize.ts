import { en } from './en.js';
import type { Translation } from './translation.js';
import { zhCN } from './zh-cn.js';

const LANGUAGES: Record<string, Translation> = { 'zh-cn': zhCN, zh: zhCN, en };

/** The translation for a `lang` value: exact (zh-CN), then the language (zh), then Chinese. */
export function translationFor(lang: string | null | undefined): Translation {
  const tag = (lang ?? '').toLowerCase();
  return LANGUAGES[tag] ?? LANGUAGES[tag.split('-')[0]] ?? zhCN;
}
