"""Static HTML review pages (`newsfacts render`, `eval --html`, `diff --html`): one page per article, an index."""
