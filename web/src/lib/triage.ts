// The victim triage: a few yes/no questions, then calm guidance in a fixed order of urgency.
// Pure data and functions so the tree is tested without a browser.

export const QUESTIONS = ['threat', 'paid', 'app', 'minor'] as const;
export type QuestionId = (typeof QUESTIONS)[number];
export type Answer = 'yes' | 'no' | 'unsure';
export type Answers = Partial<Record<QuestionId, Answer>>;

export const ADVICE = [
  'a_calm',
  'a_dont_pay',
  'a_paid',
  'a_stop_contact',
  'a_keep_evidence',
  'a_ai_fake',
  'a_app',
  'a_app_security',
  'a_minor',
  'a_block',
  'a_report',
  'a_prevent',
] as const;
export type AdviceId = (typeof ADVICE)[number];

/** The next question to ask, or null when the answers are enough for guidance. */
export function nextQuestion(answers: Answers): QuestionId | null {
  if (!answers.threat) return 'threat';
  const threatened = answers.threat !== 'no';
  if (threatened && !answers.paid) return 'paid';
  if (!answers.app) return 'app';
  if (threatened && !answers.minor) return 'minor';
  return null;
}

/** Guidance for the answers, most urgent first. "Not sure" is treated as yes: safer to over-advise. */
export function adviceFor(answers: Answers): AdviceId[] {
  const yes = (q: QuestionId) => answers[q] === 'yes' || answers[q] === 'unsure';
  const threatened = yes('threat');
  const advice: AdviceId[] = [];
  if (threatened) {
    advice.push('a_calm', 'a_dont_pay');
    if (yes('paid')) advice.push('a_paid');
    // Fake or AI-edited nudes are used the same way; a victim who knows the images are fake still needs
    // to hear that it is extortion and that paying does not help.
    advice.push('a_stop_contact', 'a_keep_evidence', 'a_ai_fake');
  }
  if (yes('app')) advice.push('a_app', 'a_app_security');
  if (threatened && answers.minor === 'yes') advice.push('a_minor');
  if (threatened) advice.push('a_block', 'a_report');
  else advice.push('a_prevent', 'a_report');
  return advice;
}

/** Answers after answering `question`; later answers are dropped because the path may change. */
export function answer(answers: Answers, question: QuestionId, value: Answer): Answers {
  const next: Answers = {};
  for (const q of QUESTIONS) {
    if (q === question) break;
    if (answers[q]) next[q] = answers[q];
  }
  next[question] = value;
  return next;
}

export function previous(answers: Answers): Answers {
  const answered = QUESTIONS.filter((q) => answers[q]);
  const next = { ...answers };
  const last = answered.at(-1);
  if (last) delete next[last];
  return next;
}
