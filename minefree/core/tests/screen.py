"""What sticks out of the screen: the check a page fits a phone, shared by the phone sweep and the walks."""

from __future__ import annotations

from playwright.sync_api import Page

# The element that sticks out furthest to the right and is not inside a box that scrolls or clips.
_WIDEST = """() => {
  const width = document.documentElement.clientWidth;
  const boxed = (el) => {
    for (let p = el.parentElement; p; p = p.parentElement) {
      const overflow = getComputedStyle(p).overflowX;
      if (overflow !== 'visible' && p.getBoundingClientRect().right <= width + 1) return true;
    }
    return false;
  };
  let worst = null;
  for (const el of document.querySelectorAll('body *')) {
    const right = el.getBoundingClientRect().right;
    if (right > width + 1 && !boxed(el) && (!worst || right > worst.right)) {
      worst = {right: Math.round(right), what: el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
        + (typeof el.className === 'string' && el.className ? '.' + el.className.split(' ').join('.') : '')};
    }
  }
  return worst;
}"""


def sticking_out(page: Page, width: int) -> str | None:
    """None when the page does not scroll sideways at `width`; else the element that sticks out furthest."""
    if page.evaluate("document.documentElement.scrollWidth") <= width:
        return None
    return str(page.evaluate(_WIDEST))
