/** The content features' button actions: opening one item, browsing one kind from the menu. */
import { actionCodec, idAction } from '../replies/actions.js';
import { CONTENT_KINDS, type ContentKind } from './model.js';

export const itemAction = idAction('item');

/** "Khóa học nghề", "Hội chợ"… from the menu: current items of one kind, optionally in one province. */
export const browseAction = actionCodec<{ kind: ContentKind; provinceCode?: string }>('browse', {
  write: ({ kind, provinceCode }) => (provinceCode ? `${kind}:${provinceCode}` : kind),
  read(arg) {
    const [kind, provinceCode] = arg.split(':');
    if (!(CONTENT_KINDS as readonly string[]).includes(kind ?? '')) return undefined;
    return provinceCode ? { kind: kind as ContentKind, provinceCode } : { kind: kind as ContentKind };
  },
});
