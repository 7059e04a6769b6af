// The SIP ladder: a call's trace (GET /v1.0/calls/{id}/sip-messages) drawn as a sequence diagram with a column
// for us and one for the carrier, the way sngrep and Homer show it. layoutLadder is pure; renderLadder draws it.

const SVG = 'http://www.w3.org/2000/svg';
const ROW = 44;
const TOP = 56;

/** "INVITE sip:… SIP/2.0" → "INVITE"; "SIP/2.0 180 Ringing" → "180 Ringing". */
export function arrowLabel(firstLine) {
  const line = String(firstLine || '').trim();
  if (line.startsWith('SIP/2.0 ')) return line.slice('SIP/2.0 '.length);
  return line.split(' ')[0] || '?';
}

/** Seconds since the first message, "+0.000 s". */
export function relativeTime(t0, tm) {
  const ms = Date.parse(tm) - Date.parse(t0);
  return Number.isNaN(ms) ? '' : `+${(ms / 1000).toFixed(3)} s`;
}

/**
 * The diagram's geometry for a width: two columns and one arrow per message, in trace order. A sent message goes
 * from us to the carrier, a received one back.
 */
export function layoutLadder(messages, width, carrierLabel) {
  const list = messages || [];
  const us = Math.max(110, Math.round(width * 0.24));
  const carrier = width - 24;
  const t0 = list.length ? list[0].tm : null;
  const arrows = list.map((m, i) => {
    const sent = m.direction === 'sent';
    return {
      index: i,
      direction: sent ? 'sent' : 'received',
      label: arrowLabel(m.first_line),
      time: relativeTime(t0, m.tm),
      x1: sent ? us : carrier,
      x2: sent ? carrier : us,
      y: TOP + ROW * i + 24,
    };
  });
  return {
    width,
    height: TOP + ROW * Math.max(1, list.length) + 16,
    columns: [
      { name: 'us', label: 'us (call-manager)', x: us },
      { name: 'carrier', label: carrierLabel || 'carrier', x: carrier },
    ],
    arrows,
  };
}

function el(name, attrs, text) {
  const node = document.createElementNS(SVG, name);
  Object.entries(attrs || {}).forEach(([k, v]) => node.setAttribute(k, String(v)));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Draws the layout into a new <svg>; onSelect(index) runs when an arrow is clicked or activated by keyboard. */
export function renderLadder(layout, selected, onSelect) {
  const svg = el('svg', {
    class: 'ladder', width: layout.width, height: layout.height, viewBox: `0 0 ${layout.width} ${layout.height}`,
    role: 'group', 'aria-label': `SIP ladder, ${layout.arrows.length} messages`,
  });
  const defs = el('defs');
  const marker = el('marker', { id: 'ladder-head', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 8,
    markerHeight: 8, orient: 'auto-start-reverse' });
  marker.appendChild(el('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'ladder-head' }));
  defs.appendChild(marker);
  svg.appendChild(defs);
  layout.columns.forEach((c) => {
    svg.appendChild(el('text', { x: c.x, y: 20, 'text-anchor': c.name === 'us' ? 'middle' : 'end',
      class: 'ladder-column' }, c.label));
    svg.appendChild(el('line', { x1: c.x, y1: 30, x2: c.x, y2: layout.height - 8, class: 'ladder-lifeline' }));
  });
  layout.arrows.forEach((a) => {
    const g = el('g', {
      class: `arrow ${a.direction}${a.index === selected ? ' selected' : ''}`, tabindex: 0, role: 'button',
      'data-index': a.index, 'data-direction': a.direction, 'data-label': a.label,
      'aria-pressed': a.index === selected ? 'true' : 'false',
      'aria-label': `${a.direction === 'sent' ? 'sent' : 'received'} ${a.label} at ${a.time}`,
    });
    g.appendChild(el('rect', { x: 0, y: a.y - 30, width: layout.width, height: ROW, class: 'arrow-hit' }));
    g.appendChild(el('text', { x: 4, y: a.y + 4, class: 'arrow-time' }, a.time));
    g.appendChild(el('line', { x1: a.x1, y1: a.y, x2: a.x2, y2: a.y, class: 'arrow-line',
      'marker-end': 'url(#ladder-head)' }));
    g.appendChild(el('text', { x: (a.x1 + a.x2) / 2, y: a.y - 7, 'text-anchor': 'middle', class: 'arrow-label' },
      a.label));
    g.addEventListener('click', () => onSelect(a.index));
    g.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        onSelect(a.index);
      }
    });
    svg.appendChild(g);
  });
  return svg;
}
