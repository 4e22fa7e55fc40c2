// Links marked data-gz-back go back one page when there is one (their href is the fallback).
// A file of its own, since the Content-Security-Policy refuses inline scripts and javascript: links.
document.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-gz-back]");
  if (link && window.history.length > 1) {
    event.preventDefault();
    window.history.back();
  }
});
