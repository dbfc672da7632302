/**
 * Storage of questions the bot could not answer, and of phrasings officers attached to items.
 * The narrow port the unanswered-questions feature needs; both store backends implement it.
 * Question text is stored masked (mask.ts): no phone, id number or typed name ever reaches it.
 */
import type { UserKey } from '../store/types.js';

export type GroupStatus = 'open' | 'attached' | 'dismissed';

/** Similar questions, gathered under one id an officer acts on. */
export interface QuestionGroup {
  id: string;
  /** Folded content words of the first question: what later questions are compared with. */
  words: string[];
  /** The first question, masked: how the group is shown. */
  sample: string;
  status: GroupStatus;
  /** The item the group was attached to. */
  itemId?: string;
  createdAt: string;
  updatedAt: string;
}

/** One question asked once. */
export interface QuestionOccurrence {
  id: string;
  groupId: string;
  /** Masked text. */
  text: string;
  /** Province named in the question, if any. */
  provinceCode?: string;
  /** Who asked, so they can be told once the question has an answer. */
  user: UserKey;
  /** The engine's candidates under its confidence floor, best first. */
  candidateIds: string[];
  /** 'fallback': no answer at all; 'suggestion': "Có phải bạn hỏi…" shown and not taken. */
  reason: 'fallback' | 'suggestion';
  askedAt: string;
}

export type NewOccurrence = Omit<QuestionOccurrence, 'id' | 'groupId'>;

export interface OccurrenceFilter {
  groupIds?: string[];
  provinceCode?: string;
  /** ISO bounds on askedAt, inclusive from, exclusive until. */
  from?: string;
  until?: string;
  /** Newest first, at most this many. */
  limit?: number;
}

/** Phrasings attached to an item, kept while the item's own keywords are those they were attached to. */
export interface LearnedPhrasings {
  itemId: string;
  phrasings: string[];
  /** The keywords the item had from its content file when the phrasings were attached. */
  baseKeywords: string[];
  updatedAt: string;
}

export interface UnansweredStore {
  /** Open groups, to find the one a new question belongs to. */
  openGroups(): Promise<QuestionGroup[]>;
  /** Records a question in `groupId`, or in a new group made from `newGroup` when it is undefined. */
  addOccurrence(
    occurrence: NewOccurrence,
    target: { groupId: string } | { newGroup: Pick<QuestionGroup, 'words' | 'sample'> },
  ): Promise<QuestionOccurrence>;
  /** Forgets an occurrence (the user took one of the suggestions after all). */
  removeOccurrence(id: string): Promise<void>;
  listOccurrences(filter?: OccurrenceFilter): Promise<QuestionOccurrence[]>;
  getGroup(id: string): Promise<QuestionGroup | undefined>;
  listGroups(status?: GroupStatus): Promise<QuestionGroup[]>;
  /** Compare-and-set from 'open': false if the group was already attached or dismissed. */
  closeGroup(id: string, status: 'attached' | 'dismissed', at: Date, itemId?: string): Promise<boolean>;

  getLearned(itemId: string): Promise<LearnedPhrasings | undefined>;
  /** Every item's learned phrasings (content imports merge them in). */
  listLearned(): Promise<LearnedPhrasings[]>;
  setLearned(learned: LearnedPhrasings): Promise<void>;
  /** "Xóa thông tin của tôi": the user's recorded questions are deleted. */
  eraseUser(user: UserKey): Promise<void>;
}
