// gdnotes widget "correspondence" (lesson 5): the same gradient descent in plain
// Python, NumPy and PyTorch, side by side. gdnotes.widgets.correspondence tags
// each line at build time with the jobs it does (data-gd-roles, main job first).
// Pointing at, tapping or focusing a line, or pressing a job's button, lights up
// the lines doing that job in all three listings and says, in one sentence, how
// each program does it. On a narrow screen the listings become tabs.
(function () {
  "use strict";

  const WIDE = 640; // px of widget width from which the three listings sit side by side

  function setup(root, ui, tools) {
    const el = tools.el;
    const config = tools.config;
    const roles = config.roles;
    const roleByKey = {};
    roles.forEach(function (role) {
      roleByKey[role.key] = role;
    });
    const box = root.querySelector(".gd-corr-listings");
    let current = null;
    let layout = null;
    let selectedTab = 0;

    // --- the listings and their tagged lines (a roving tab stop in each listing)
    const listings = Array.prototype.map.call(root.querySelectorAll(".gd-corr-listing"), function (section, index) {
      const name = section.getAttribute("data-gd-listing");
      const meta = config.listings[index] || { name: name, title: name };
      section.id = tools.id + "-" + name;
      const lines = Array.prototype.slice.call(section.querySelectorAll(".gd-line[data-gd-roles]"));
      lines.forEach(function (line, i) {
        line.gdRoles = line.getAttribute("data-gd-roles").split(" ");
        line.gdListing = index;
        line.gdIndex = i;
        line.setAttribute("tabindex", i === 0 ? "0" : "-1");
      });
      // says so when this program has no line for the chosen job; below the code, so that no line moves
      const absent = el("p", { class: "gd-corr-absent", hidden: true });
      const code = section.querySelector(".gd-corr-code");
      section.insertBefore(absent, code ? code.nextSibling : null);
      return { name: name, title: meta.title, section: section, lines: lines, absent: absent, tab: null, count: null, lit: [] };
    });

    // --- what the widget adds: one button per job, and what it says
    const groupLabel = tools.id + "-jobs";
    ui.appendChild(el("p", { class: "gd-corr-lead", id: groupLabel, text: "Light up the lines that do one job:" }));
    const group = el("div", { class: "gd-controls gd-corr-roles", role: "group", "aria-labelledby": groupLabel });
    const buttons = roles.map(function (role) {
      const button = el("button", { type: "button", class: "gd-button", "aria-pressed": "false", "data-gd-role": role.key, text: role.name });
      tools.on(button, "click", function () {
        choose(role.key);
      });
      group.appendChild(button);
      return button;
    });
    ui.appendChild(group);
    ui.appendChild(
      el("p", { class: "gd-corr-hint" }, [
        el("span", { class: "gd-corr-hint-fine", text: "Or point at a line, or press Tab to reach a listing and move with the arrow keys (← and → jump between the programs)." }),
        el("span", { class: "gd-corr-hint-touch", text: "Or tap a line of code." }),
      ])
    );
    const status = el("p", { class: "gd-status gd-corr-status", role: "status", "aria-live": "polite" });
    ui.appendChild(status);

    // The role's name, then its sentence, in which code stands between backticks.
    function write(node, role) {
      node.textContent = "";
      node.appendChild(el("strong", { text: role.name + ": " }));
      role.text.split("`").forEach(function (part, i) {
        if (part) node.appendChild(i % 2 ? el("code", { text: part }) : document.createTextNode(part));
      });
    }

    // The status keeps the height of its longest sentence at this width: were it to grow
    // or shrink, the listings below would move under a pointing mouse, which would then
    // point at another line and choose another job.
    function reserveHeight() {
      const probe = el("p", { class: status.className, "aria-hidden": "true", style: "visibility: hidden" });
      ui.insertBefore(probe, status);
      let tallest = 0;
      roles.forEach(function (role) {
        write(probe, role);
        tallest = Math.max(tallest, probe.getBoundingClientRect().height);
      });
      probe.remove();
      status.style.minHeight = Math.ceil(tallest) + "px";
    }

    // --- tabs, used when the widget is too narrow for three columns
    const tablist = el("div", { class: "gd-corr-tabs", role: "tablist", "aria-label": "Programs" });
    listings.forEach(function (listing, i) {
      listing.count = el("span", { class: "gd-corr-count", "aria-hidden": "true" });
      listing.tab = el("button", { type: "button", class: "gd-corr-tab", role: "tab", id: tools.id + "-tab-" + i, "aria-controls": listing.section.id }, [
        listing.title,
        listing.count,
      ]);
      tools.on(listing.tab, "click", function () {
        selectTab(i);
      });
      tools.on(listing.tab, "keydown", function (event) {
        const target = { ArrowLeft: i - 1, ArrowRight: i + 1, Home: 0, End: listings.length - 1 }[event.key];
        if (target === undefined) return;
        event.preventDefault();
        selectTab((target + listings.length) % listings.length);
        listings[selectedTab].tab.focus();
      });
      tablist.appendChild(listing.tab);
    });
    box.parentNode.insertBefore(tablist, box);

    function selectTab(i) {
      selectedTab = i;
      listings.forEach(function (listing, j) {
        const on = j === i;
        listing.tab.setAttribute("aria-selected", on ? "true" : "false");
        listing.tab.setAttribute("tabindex", on ? "0" : "-1");
        if (layout === "tabs") listing.section.hidden = !on;
      });
    }

    function setLayout(next) {
      if (next === layout) return;
      layout = next;
      root.setAttribute("data-gd-layout", layout);
      listings.forEach(function (listing) {
        if (layout === "tabs") {
          listing.section.setAttribute("role", "tabpanel");
          listing.section.setAttribute("aria-labelledby", listing.tab.id);
        } else {
          listing.section.removeAttribute("role");
          listing.section.removeAttribute("aria-labelledby");
          listing.section.hidden = false;
        }
      });
      selectTab(selectedTab);
    }

    // --- choosing a job: light its lines everywhere and say how each program does it
    function choose(key) {
      if (!roleByKey[key] || key === current) return;
      current = key;
      tools.timed(paint);
      write(status, roleByKey[key]);
    }

    function paint() {
      listings.forEach(function (listing) {
        listing.lit = [];
        listing.lines.forEach(function (line) {
          const on = line.gdRoles.indexOf(current) >= 0;
          if (line.classList.contains("gd-lit") !== on) line.classList.toggle("gd-lit", on);
          if (on) listing.lit.push(Number(line.getAttribute("data-gd-n")));
        });
        const none = listing.lit.length === 0;
        listing.absent.hidden = !none;
        listing.absent.textContent = none ? "No line for “" + roleByKey[current].name.toLowerCase() + "” here: this version does not need one." : "";
        listing.count.textContent = none ? "" : String(listing.lit.length);
      });
      buttons.forEach(function (button) {
        button.setAttribute("aria-pressed", button.getAttribute("data-gd-role") === current ? "true" : "false");
      });
    }

    // --- pointer: hovering (mouse, pen) or tapping a tagged line chooses its main job
    function lineOf(target) {
      const line = target && target.closest ? target.closest(".gd-line[data-gd-roles]") : null;
      return line && box.contains(line) ? line : null;
    }
    tools.on(box, "pointerover", function (event) {
      if (event.pointerType === "touch") return;
      const line = lineOf(event.target);
      if (line) choose(line.gdRoles[0]);
    });
    tools.on(box, "click", function (event) {
      const line = lineOf(event.target);
      if (line) {
        rove(line);
        choose(line.gdRoles[0]);
      }
    });

    // --- keyboard: each listing is one tab stop; arrows move between tagged lines
    function rove(line) {
      listings[line.gdListing].lines.forEach(function (other) {
        other.setAttribute("tabindex", other === line ? "0" : "-1");
      });
    }
    function focusLine(line) {
      if (!line) return;
      if (layout === "tabs" && line.gdListing !== selectedTab) selectTab(line.gdListing);
      rove(line);
      line.focus();
    }
    tools.on(box, "focusin", function (event) {
      const line = lineOf(event.target);
      if (!line) return;
      rove(line);
      choose(line.gdRoles[0]);
    });
    tools.on(box, "keydown", function (event) {
      const line = lineOf(event.target);
      if (!line || event.altKey || event.ctrlKey || event.metaKey) return;
      const lines = listings[line.gdListing].lines;
      let target = null;
      if (event.key === "ArrowDown") target = lines[Math.min(lines.length - 1, line.gdIndex + 1)];
      else if (event.key === "ArrowUp") target = lines[Math.max(0, line.gdIndex - 1)];
      else if (event.key === "Home") target = lines[0];
      else if (event.key === "End") target = lines[lines.length - 1];
      else if (event.key === "ArrowLeft" || event.key === "ArrowRight") {
        const step = event.key === "ArrowLeft" ? -1 : 1;
        const other = listings[(line.gdListing + step + listings.length) % listings.length];
        target = counterpart(line, other);
      } else if (event.key === "Enter" || event.key === " ") {
        choose(line.gdRoles[0]);
        event.preventDefault();
        return;
      } else return;
      event.preventDefault();
      focusLine(target);
    });

    // The line of `other` that does the job `line` is doing now, else the one in the same place.
    function counterpart(line, other) {
      const job = current && line.gdRoles.indexOf(current) >= 0 ? current : line.gdRoles[0];
      const same = other.lines.filter(function (candidate) {
        return candidate.gdRoles.indexOf(job) >= 0;
      });
      if (same.length) return same[0];
      const where = line.gdIndex / Math.max(1, listings[line.gdListing].lines.length - 1);
      return other.lines[Math.round(where * (other.lines.length - 1))];
    }

    choose(config.initialRole || roles[0].key);

    return {
      resize: function (width) {
        setLayout(width >= WIDE ? "columns" : "tabs");
        reserveHeight();
      },
      state: function () {
        const lit = {};
        listings.forEach(function (listing) {
          lit[listing.name] = listing.lit.slice();
        });
        const focused = lineOf(document.activeElement);
        return {
          role: current,
          layout: layout,
          tab: listings[selectedTab].name,
          lit: lit,
          focus: focused ? { listing: listings[focused.gdListing].name, line: Number(focused.getAttribute("data-gd-n")) } : null,
        };
      },
    };
  }

  window.gdnotes.widgets.define("correspondence", setup);
})();
