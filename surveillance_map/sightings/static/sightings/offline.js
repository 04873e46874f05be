/* Sightings made without a network: kept in this browser (IndexedDB, photos included) and sent
   when the connection returns, in a queue the person can see, send and clear. Only what the
   form holds is stored: no time, no position other than the camera's. */
(function () {
  "use strict";
  var gettext = window.gettext || function (s) { return s; };
  function fill(s, values) {
    return s.replace(/%\((\w+)\)s/g, function (m, k) { return k in values ? String(values[k]) : m; });
  }
  var form = document.getElementById("sighting-form");
  var box = document.getElementById("offline-queue");
  if (!form || !box || !window.indexedDB) return;
  var list = document.getElementById("offline-list");
  var status = document.getElementById("offline-status");
  var sending = false;

  function db() {
    return new Promise(function (resolve, reject) {
      var open = indexedDB.open("surveillance-map", 1);
      open.onupgradeneeded = function () { open.result.createObjectStore("sightings", { autoIncrement: true }); };
      open.onsuccess = function () { resolve(open.result); };
      open.onerror = function () { reject(open.error); };
    });
  }
  function store(mode, work) {
    return db().then(function (database) {
      return new Promise(function (resolve, reject) {
        var tx = database.transaction("sightings", mode);
        var result = work(tx.objectStore("sightings"));
        tx.oncomplete = function () { resolve(result && result.result); };
        tx.onerror = function () { reject(tx.error); };
      });
    });
  }
  function all() {
    return db().then(function (database) {
      return new Promise(function (resolve, reject) {
        var items = [];
        var cursor = database.transaction("sightings").objectStore("sightings").openCursor();
        cursor.onsuccess = function () {
          var c = cursor.result;
          if (!c) return resolve(items);
          items.push({ key: c.key, value: c.value });
          c.continue();
        };
        cursor.onerror = function () { reject(cursor.error); };
      });
    });
  }

  function summary(fields) {
    var get = function (name) {
      var f = fields.find(function (pair) { return pair[0] === name; });
      return f ? f[1] : "";
    };
    var photos = fields.filter(function (pair) { return pair[0] === "photos" && pair[1].size; }).length;
    var where = get("latitude") ? Number(get("latitude")).toFixed(5) + ", " + Number(get("longitude")).toFixed(5) : "#" + get("camera");
    return fill(gettext("Camera at %(where)s, %(photos)s photo(s)"), { where: where, photos: photos });
  }

  function render() {
    return all().then(function (items) {
      list.replaceChildren();
      items.forEach(function (item) {
        var li = document.createElement("li");
        var label = document.createElement("span");
        label.textContent = summary(item.value.fields) + (item.value.error ? " — " + item.value.error : "");
        var remove = document.createElement("button");
        remove.type = "button";
        remove.textContent = gettext("Remove");
        remove.addEventListener("click", function () {
          store("readwrite", function (s) { s.delete(item.key); }).then(render);
        });
        li.append(label, " ", remove);
        list.appendChild(li);
      });
      box.hidden = !items.length && !status.textContent;
      return items;
    });
  }

  function queue() {
    var fields = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken") fields.push([name, value]);
    });
    return store("readwrite", function (s) { s.add({ action: form.action || location.href, fields: fields }); })
      .then(function () {
        status.textContent = gettext("You are offline: your sighting is kept on this device and will be sent when the connection returns.");
        form.reset();
        window.dispatchEvent(new Event("sighting:queued"));
        return render();
      })
      .then(function () { box.scrollIntoView({ block: "start" }); status.focus(); });
  }

  function errorOf(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var errors = doc.querySelector(".sm-errors, .sm-field-error");
    return errors ? errors.textContent.trim().replace(/\s+/g, " ") : gettext("The server did not accept it.");
  }

  function send() {
    if (sending || !navigator.onLine) return Promise.resolve();
    sending = true;
    var token = form.querySelector("[name=csrfmiddlewaretoken]").value;
    return all().then(function (items) {
      return items.reduce(function (previous, item) {
        return previous.then(function () {
          var body = new FormData();
          body.append("csrfmiddlewaretoken", token);
          item.value.fields.forEach(function (pair) { body.append(pair[0], pair[1]); });
          return fetch(item.value.action, { method: "POST", body: body, credentials: "same-origin" })
            .then(function (response) {
              if (response.ok && response.redirected) {
                return store("readwrite", function (s) { s.delete(item.key); }).then(function () {
                  var link = document.createElement("a");
                  link.href = response.url;
                  link.textContent = gettext("Your sighting was sent: see its receipt (keep this address private).");
                  status.replaceChildren(link);
                });
              }
              return response.text().then(function (html) {
                item.value.error = errorOf(html);
                return store("readwrite", function (s) { s.put(item.value, item.key); });
              });
            });
        });
      }, Promise.resolve());
    }).catch(function () { /* still offline: the next "online" event tries again */ })
      .then(function () { sending = false; return render(); });
  }

  form.addEventListener("submit", function (event) {
    if (navigator.onLine) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    queue();
  }, true);
  document.getElementById("offline-send").addEventListener("click", send);
  document.getElementById("offline-clear").addEventListener("click", function () {
    store("readwrite", function (s) { s.clear(); }).then(function () { status.textContent = ""; render(); });
  });
  window.addEventListener("online", send);
  render().then(send);
})();
