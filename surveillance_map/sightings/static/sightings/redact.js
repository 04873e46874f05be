/* Moderation: rectangles to blur on a photo (faces, number plates), by pointer and keyboard.
 *
 * Each .sm-redact figure holds the photo, the proposed rectangles (data-regions, in the photo's
 * own pixels) and a form whose hidden "regions" field is kept in step with what is on screen.
 * Pointer: drag on the photo to draw, drag a rectangle to move it, drag its corner to resize.
 * Keyboard (a rectangle focused): arrows move, Shift + arrows resize, Delete/Backspace removes.
 */
(function () {
  "use strict";
  var gettext = window.gettext || function (s) { return s; };
  var interpolate = window.interpolate || function (f, a) { return f.replace(/%s/g, function () { return a.shift(); }); };
  var KINDS = { face: gettext("face"), profile: gettext("face (profile)"), plate: gettext("number plate"), manual: gettext("added by hand") };
  var MIN = 6; // smallest rectangle, in the photo's pixels

  document.querySelectorAll(".sm-redact").forEach(editor);

  function editor(figure) {
    var stage = figure.querySelector(".sm-redact-stage");
    var form = figure.querySelector(".sm-redact-form");
    var input = form && form.querySelector("input[name=regions]");
    var counter = figure.querySelector(".sm-redact-count");
    var W = Number(stage.dataset.width), H = Number(stage.dataset.height);
    var boxes = [];

    JSON.parse(stage.dataset.regions || "[]").forEach(function (r) { add(r); });
    sync();
    if (!form) return; // published: shown, not editable

    form.querySelector(".sm-redact-add").addEventListener("click", function () {
      var w = Math.round(W / 5), h = Math.round(H / 5);
      add({ x: Math.round((W - w) / 2), y: Math.round((H - h) / 2), w: w, h: h, kind: "manual" }).el.focus();
      sync();
    });

    // Drawing a new rectangle on the photo.
    stage.addEventListener("pointerdown", function (e) {
      if (e.target !== stage && e.target.tagName !== "IMG") return;
      e.preventDefault();
      var start = point(e);
      var box = add({ x: start.x, y: start.y, w: 1, h: 1, kind: "manual" });
      drag(e, function (p) {
        box.x = Math.min(start.x, p.x); box.y = Math.min(start.y, p.y);
        box.w = Math.abs(p.x - start.x); box.h = Math.abs(p.y - start.y);
        place(box, true);
      }, function () {
        if (box.w < MIN || box.h < MIN) remove(box); else box.el.focus();
        sync();
      });
    });

    function point(e) {
      var rect = stage.getBoundingClientRect();
      return {
        x: Math.round(Math.min(Math.max(e.clientX - rect.left, 0), rect.width) / rect.width * W),
        y: Math.round(Math.min(Math.max(e.clientY - rect.top, 0), rect.height) / rect.height * H),
      };
    }

    function drag(e, move, end) {
      var target = e.target;
      target.setPointerCapture(e.pointerId);
      function onMove(ev) { move(point(ev)); }
      function onUp() {
        target.removeEventListener("pointermove", onMove);
        target.removeEventListener("pointerup", onUp);
        target.removeEventListener("pointercancel", onUp);
        end();
      }
      target.addEventListener("pointermove", onMove);
      target.addEventListener("pointerup", onUp);
      target.addEventListener("pointercancel", onUp);
    }

    function add(r) {
      var box = { x: r.x, y: r.y, w: r.w, h: r.h, kind: KINDS[r.kind] ? r.kind : "manual" };
      box.el = document.createElement("div");
      box.el.className = "sm-box sm-box-" + box.kind;
      stage.appendChild(box.el);
      boxes.push(box);
      if (form) wire(box);
      place(box, true);
      return box;
    }

    function remove(box) {
      boxes.splice(boxes.indexOf(box), 1);
      box.el.remove();
    }

    function place(box, loose) {
      if (!loose) {
        box.w = Math.min(Math.max(box.w, MIN), W); box.h = Math.min(Math.max(box.h, MIN), H);
      }
      box.x = Math.min(Math.max(box.x, 0), W - box.w); box.y = Math.min(Math.max(box.y, 0), H - box.h);
      box.el.style.left = (box.x / W * 100) + "%";
      box.el.style.top = (box.y / H * 100) + "%";
      box.el.style.width = (box.w / W * 100) + "%";
      box.el.style.height = (box.h / H * 100) + "%";
      box.el.setAttribute("aria-label", interpolate(gettext("Rectangle to blur (%s): %s × %s px at %s, %s. Arrows move, Shift + arrows resize, Delete removes."),
        [KINDS[box.kind], box.w, box.h, box.x, box.y]));
    }

    function wire(box) {
      box.el.tabIndex = 0;
      box.el.setAttribute("role", "button");
      var handle = document.createElement("span");
      handle.className = "sm-box-handle";
      box.el.appendChild(handle);

      box.el.addEventListener("pointerdown", function (e) {
        e.preventDefault();
        e.stopPropagation();
        box.el.focus();
        var start = point(e), origin = { x: box.x, y: box.y, w: box.w, h: box.h };
        var resizing = e.target === handle;
        drag(e, function (p) {
          if (resizing) { box.w = origin.w + p.x - start.x; box.h = origin.h + p.y - start.y; }
          else { box.x = origin.x + p.x - start.x; box.y = origin.y + p.y - start.y; }
          place(box);
        }, sync);
      });

      box.el.addEventListener("keydown", function (e) {
        var step = Math.max(1, Math.round(Math.min(W, H) / 50));
        var dx = { ArrowLeft: -step, ArrowRight: step }[e.key] || 0;
        var dy = { ArrowUp: -step, ArrowDown: step }[e.key] || 0;
        if (dx || dy) {
          if (e.shiftKey) { box.w += dx; box.h += dy; } else { box.x += dx; box.y += dy; }
          place(box);
        } else if (e.key === "Delete" || e.key === "Backspace") {
          var next = boxes[boxes.indexOf(box) + 1] || boxes[boxes.indexOf(box) - 1];
          remove(box);
          (next ? next.el : form.querySelector(".sm-redact-add")).focus();
        } else {
          return; // other keys (Tab, Enter…) do what they always do
        }
        e.preventDefault();
        e.stopPropagation();
        sync();
      });
    }

    function sync() {
      var regions = boxes.map(function (b) { return { x: b.x, y: b.y, w: b.w, h: b.h, kind: b.kind }; });
      if (input) input.value = JSON.stringify(regions);
      if (counter && form) {
        counter.textContent = interpolate(ngettext("%s rectangle will be blurred.", "%s rectangles will be blurred.", regions.length), [regions.length]);
      }
    }
  }

  function ngettext(one, many, n) {
    return window.ngettext ? window.ngettext(one, many, n) : (n === 1 ? one : many);
  }
})();
