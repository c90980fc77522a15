// The article page's only script: a tooltip with a highlight's normalized value (data-tip), on hover and focus.
(function () {
  var tip = document.getElementById("tip");
  function show(mark) {
    tip.textContent = mark.getAttribute("data-tip");
    tip.hidden = false;
    var box = mark.getBoundingClientRect();
    tip.style.left = Math.max(4, Math.min(box.left, window.innerWidth - tip.offsetWidth - 4)) + "px";
    var below = box.bottom + 6;
    tip.style.top = (below + tip.offsetHeight < window.innerHeight ? below : Math.max(4, box.top - tip.offsetHeight - 6)) + "px";
  }
  function hide() { tip.hidden = true; }
  document.querySelectorAll("mark.entity[data-tip]").forEach(function (mark) {
    mark.addEventListener("mouseenter", function () { show(mark); });
    mark.addEventListener("focus", function () { show(mark); });
    mark.addEventListener("mouseleave", hide);
    mark.addEventListener("blur", hide);
  });
})();
