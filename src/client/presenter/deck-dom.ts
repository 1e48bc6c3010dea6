/** The id of the JSON a presenter or audience page embeds with its deck's outline (components/presenter/DeckOutline.astro). */
export const deckOutlineElementId = 'deck-outline';

/** What the scripts need to know of a deck: the session's code and each slide's id, title and planned minutes. */
export interface DeckOutline {
  code: string;
  slides: { id: string; title: string; minutes: number }[];
}

/** Reads the deck outline the page embeds. */
export function readDeckOutline(doc: Document): DeckOutline {
  return JSON.parse(doc.getElementById(deckOutlineElementId)!.textContent!) as DeckOutline;
}

/** Shows one slide of the deck and hides the others. */
export function showSlideElement(root: ParentNode, index: number): void {
  for (const slide of root.querySelectorAll<HTMLElement>('[data-slide-index]')) slide.hidden = Number(slide.dataset.slideIndex) !== index;
}

/** Formats a duration as m:ss, or h:mm:ss from an hour. */
export function formatElapsed(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  const [hours, minutes, rest] = [Math.floor(seconds / 3600), Math.floor((seconds % 3600) / 60), seconds % 60];
  const pad = (value: number) => String(value).padStart(2, '0');
  return hours > 0 ? `${hours}:${pad(minutes)}:${pad(rest)}` : `${minutes}:${pad(rest)}`;
}
