// The 打印 button: prints the page (no inline handlers, so the page works under a
// Content-Security-Policy without inline scripts).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});
