"""axe-core's run for test_a11y.py, with its colour-contrast rule checking one element of each kind instead of every one.

axe's ``color-contrast`` costs most of an accessibility run: it works out a colour and a background for every element
with text, and a page holds hundreds that it cannot tell apart (a code block's highlighted tokens, the links of a long
table of contents, table cells). Here, once axe has picked the elements the rule applies to, they are sorted into
kinds by everything its check reads, and only one element of each kind is checked, the largest:

- the element's own text colour, fill and stroke, text shadow, font size and weight, and its visibility on screen;
- the styles that give a background or a stacking order (background colour and image, opacity, blend mode, position,
  z-index, transforms, filters, overflow, visibility, the ``::before`` and ``::after`` boxes), of the element and of
  every ancestor up to <html>;
- the elements axe finds under each line of its text (from axe's own grid), as steps up from the element, and the
  stacking contexts of each (lines with the same elements under them count once: axe compares them and goes on
  with the first): an element with anything but its own ancestors under its text is checked on its own;
- what axe asks of the text itself (a single character, only emoji).

Two elements of a kind get the same colours and the same background from axe, so the same contrast and verdict;
what may still differ is where they sit (partly covered, partly outside their box, pseudo content bigger than the
element), and that only makes axe unsure ("incomplete", which these tests do not fail on), never a failure.
So the check of one element settles its kind when axe gives it a verdict (a failure, a pass with both colours, or a
"cannot tell" that the kind's styles alone cause); for any other outcome every element of that kind is checked
in a second run. A failing element's report says how many more elements are like it (``alike``).

test_a11y.py's ``test_one_element_of_a_kind_finds_what_axe_finds`` runs both on a page made to fail and compares.
This leans on parts of axe that are not its public API (the rule's ``gatherAndMatchNodes``, ``axe.commons``, the
stacking order on its nodes), as axe 4.12 (axe-playwright-python 0.1.8) has them: if one is gone, the run fails
saying so, and a change in how the check works should show in that comparison.
"""

from __future__ import annotations

#: ``({options, kinds}) => {violations, kinds}``: axe.run on the document with ``options`` (axe must be on the page), the
#: colour-contrast rule thinned as above; each failing element of that rule carries ``alike``, the CSS targets of the
#: others of its kind. With ``kinds`` true, ``kinds`` lists every kind: the CSS target of the element checked, then
#: those of all its elements (for the test that compares with plain axe).
RUN = """
async ({ options, kinds: listKinds }) => {
    const rule = axe._audit && axe._audit.rules.find(r => r.id === 'color-contrast');
    const gather = rule && Object.getPrototypeOf(rule).gatherAndMatchNodes;
    const { dom, text } = axe.commons;
    if (!gather || !dom.getTextElementStack || !dom.isVisibleOnScreen || !text.visibleVirtual || !axe.getReporter('v1')) {
        throw new Error('axe-core changed: tests/_axe.py relies on parts of it that are gone');
    }
    const BOX = ['background-color', 'background-image', 'opacity', 'mix-blend-mode', 'display', 'position', 'z-index',
        'float', 'isolation', 'transform', 'filter', 'backdrop-filter', 'will-change', 'contain', 'perspective',
        'clip-path', 'mask-image', 'overflow-x', 'overflow-y', 'visibility', 'content-visibility'];
    const PSEUDO = ['content', 'display', 'visibility', 'position', 'background-color', 'background-image', 'width', 'height'];
    const TEXT = ['color', '-webkit-text-fill-color', '-webkit-text-stroke-width', '-webkit-text-stroke-color',
        'text-shadow', 'font-size', 'font-weight'];
    const read = (style, names) => names.map(name => style.getPropertyValue(name)).join(';');

    // an element and its ancestors' styles, as a number shared by every element whose chain reads the same
    const numbers = new Map(), chains = new Map();
    const chain = el => {
        if (!el) return -1;
        let id = chains.get(el);
        if (id === undefined) {
            const own = [el.nodeName, read(getComputedStyle(el), BOX),
                read(getComputedStyle(el, '::before'), PSEUDO), read(getComputedStyle(el, '::after'), PSEUDO)].join('|');
            const whole = chain(el.parentElement) + '/' + own;
            if (!numbers.has(whole)) numbers.set(whole, numbers.size);
            id = numbers.get(whole);
            chains.set(el, id);
        }
        return id;
    };
    const stepsUp = (el, other) => {
        let steps = 0;
        for (let a = el; a; a = a.parentElement, steps++) if (a === other) return steps;
        return null;
    };

    // everything axe's check reads of an element, or null for one to check on its own
    const kind = vNode => {
        const el = vNode.actualNode;
        if (['INPUT', 'SELECT', 'TEXTAREA', 'LABEL'].includes(el.nodeName) || el.closest('label')) return null;
        const stacks = dom.getTextElementStack(el);
        if (!stacks.length) return null;
        const under = [];
        for (const stack of stacks) {
            const steps = stack.map(s => stepsUp(el, s));
            if (steps[0] !== 0 || steps.includes(null)) return null;
            const contexts = [];
            for (const s of stack) {
                const order = axe.utils.getNodeFromTree(s)._stackingOrder;
                if (!Array.isArray(order)) throw new Error('axe-core changed: no stacking order on its nodes');
                const levels = order.map(o => (o.vNode ? stepsUp(el, o.vNode.actualNode) : -1));
                if (levels.includes(null)) return null;
                contexts.push(levels.join(','));
            }
            under.push(steps.join(',') + ':' + contexts.join('/'));
        }
        const visible = text.visibleVirtual(vNode, false, true);
        const emoji = text.hasUnicode(visible, { nonBmp: true }) && text.sanitize(text.removeUnicode(visible, { nonBmp: true })) === '';
        return [chain(el), read(getComputedStyle(el), TEXT), visible.length === 1, emoji, dom.isVisibleOnScreen(vNode),
            [...new Set(under)].join('|')].join('#');
    };

    let kinds = null, only = null;
    rule.gatherAndMatchNodes = function (context, opts) {
        const nodes = gather.call(this, context, opts);
        if (only) return nodes.filter(n => only.has(n.actualNode));
        const byKind = new Map(), alone = [];
        for (const vNode of nodes) {
            const key = kind(vNode);
            if (key === null) { alone.push(vNode); continue; }
            const r = vNode.boundingClientRect, area = r.width * r.height, seen = byKind.get(key);
            if (!seen) byKind.set(key, { first: vNode, area, members: [vNode.actualNode] });
            else {
                seen.members.push(vNode.actualNode);
                // the largest: pseudo content that makes axe unsure of a small element may not of a large one
                if (area > seen.area) Object.assign(seen, { first: vNode, area });
            }
        }
        kinds = new Map([...byKind.values()].map(k => [k.first.actualNode, k.members]));
        return alone.concat([...byKind.values()].map(k => k.first)).sort((a, b) => a.nodeIndex - b.nodeIndex);
    };

    // reasons for "cannot tell" that every element of a kind shares (the rest depend on where an element sits)
    const SHARED = ['hidden', 'nonBmp', 'shortTextContent', 'equalRatio', 'bgImage', 'bgGradient', 'imgNode'];
    const doubtful = [], listed = [];
    axe.addReporter('gdnotes-kinds', (raw, opts, callback) => {
        const result = raw.find(r => r.id === 'color-contrast');
        const alike = new Map();
        if (result && kinds) {
            const settled = new Set();
            for (const n of result.violations) {
                settled.add(n.node.element);
                alike.set(n.node.element, (kinds.get(n.node.element) || []).filter(m => m !== n.node.element).map(m => axe.utils.getSelector(m)));
            }
            for (const n of [...result.passes, ...result.incomplete]) {
                const data = (n.any[0] && n.any[0].data) || {};
                if ((data.fgColor && data.bgColor && !data.messageKey) || SHARED.includes(data.messageKey)) settled.add(n.node.element);
            }
            for (const [first, members] of kinds) if (!settled.has(first)) doubtful.push(...members);
            if (listKinds) for (const [first, members] of kinds) listed.push([axe.utils.getSelector(first), members.map(m => axe.utils.getSelector(m))]);
        }
        const elements = result ? result.violations.map(n => n.node.element) : [];
        axe.getReporter('v1')(raw, opts, report => {
            const failed = report.violations.find(v => v.id === 'color-contrast');
            if (failed && failed.nodes.length === elements.length) {
                failed.nodes.forEach((node, i) => { node.alike = alike.get(elements[i]) || []; });
            }
            callback(report);
        });
    });
    try {
        const found = (await axe.run(document, { ...options, reporter: 'gdnotes-kinds' })).violations;
        if (doubtful.length) {
            only = new Set(doubtful);
            const again = { resultTypes: ['violations'], runOnly: { type: 'rule', values: ['color-contrast'] } };
            for (const v of (await axe.run(document, again)).violations) {
                const same = found.find(f => f.id === v.id);
                if (same) same.nodes.push(...v.nodes); else found.push(v);
            }
        }
        return { violations: found, kinds: listed };
    } finally {
        delete rule.gatherAndMatchNodes;
    }
}
"""
