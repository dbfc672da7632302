/**
 * What a channel may know about an out-of-conversation send besides the Reply itself: which kind of
 * message it is and a few plain fields, so a channel that must fall back to a pre-approved template
 * (Zalo outside its interaction window) can fill the template's parameters. Kept free of imports so
 * the configuration can check template settings against the same list of kinds.
 */

/** Message kinds a template can be configured for. */
export const MESSAGE_KINDS = ['new_course', 'fair', 'reminder', 'enrolment_confirmed', 'officer_announcement'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** Fields a template parameter can be filled from. */
export const TEMPLATE_FIELDS = ['text', 'title', 'date', 'place'] as const;
export type TemplateField = (typeof TEMPLATE_FIELDS)[number];
export type TemplateFields = Partial<Record<TemplateField, string>>;

export interface SendContext {
  /** Stable per delivery: sent as the template's tracking id, so a repeated request is recognisable. */
  deliveryId: string;
  /** Undefined for messages no template fits (a direct alert): those reach only users in the window. */
  kind?: MessageKind;
  fields: TemplateFields;
  /** Deliver without sound or vibration where the channel can: a reply let through quiet hours. */
  silent?: boolean;
}
