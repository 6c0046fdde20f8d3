// Search excerpts: the server wraps each match in « and ». They become plain-text segments that
// the UI draws as <mark>; the excerpt is never treated as HTML.

export interface Segment {
  text: string;
  mark: boolean;
}

const OPEN = '«';
const CLOSE = '»';

/**
 * Splits an excerpt into plain and matched segments. A « without its » (an excerpt cut short, or
 * a guillemet typed by a person) stays as literal text, as does a stray ».
 */
export function highlightSegments(excerpt: string): Segment[] {
  const out: Segment[] = [];
  const push = (text: string, mark: boolean) => {
    if (!text) return;
    const last = out[out.length - 1];
    if (last && last.mark === mark) last.text += text;
    else out.push({ text, mark });
  };
  let rest = excerpt;
  while (rest) {
    const open = rest.indexOf(OPEN);
    if (open < 0) {
      push(rest, false);
      break;
    }
    const close = rest.indexOf(CLOSE, open + OPEN.length);
    if (close < 0) {
      push(rest, false);
      break;
    }
    push(rest.slice(0, open), false);
    const inner = rest.slice(open + OPEN.length, close);
    // «» around nothing marks nothing; a nested « is just a character of the match.
    push(inner, true);
    rest = rest.slice(close + CLOSE.length);
  }
  return out;
}
