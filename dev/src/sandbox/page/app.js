// Sharebook sandbox page: a simulated Gmail that renders the add-on's card JSON as Google does and
// sends every trigger and click through the stand-in (POST /sandbox/api/action), which builds
// Google's event object and POSTs it to the add-on with freshly signed tokens.
// Plain JavaScript, no build step. Card text is never parsed as HTML: the few tags Google allows
// are rebuilt as elements, everything else is shown as typed.
'use strict';

(() => {
  const state = {
    users: [],
    addon: null,
    user: null,
    inbox: [],
    messageId: null, // the open message (contextual trigger)
    locale: 'en-GB', // Gmail's language, sent as the event's userLocale
    draft: null, // the simulated compose window, when open
    context: 'home', // 'home' | 'message' | 'compose': what Gmail would send with each event
    stack: [], // navigation stack: [{card, values}]
    inputs: [], // form widgets of the card on top: [{name, collect, capture, restore}]
    epoch: 0, // bumped when the context changes; stale answers are dropped
    busy: false,
    toastTimer: null,
  };

  const $ = (id) => document.getElementById(id);

  // ---------------------------------------------------------------- DOM helpers

  function h(tag, props, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') e.className = v;
      else if (k === 'text') e.textContent = v;
      else if (k.startsWith('on') && typeof v === 'function') e.addEventListener(k.slice(2), v);
      else if (k === 'style') Object.assign(e.style, v);
      else if (k === 'checked' || k === 'disabled' || k === 'selected' || k === 'hidden') e[k] = Boolean(v);
      else e.setAttribute(k, v === true ? '' : String(v));
    }
    for (const kid of kids.flat(Infinity)) {
      if (kid === null || kid === undefined || kid === false) continue;
      e.append(kid instanceof Node ? kid : String(kid));
    }
    return e;
  }

  const SVG_NS = 'http://www.w3.org/2000/svg';

  // Material icons used by cards and the frame (24px paths), so the page works offline.
  const ICON_PATHS = {
    person: 'M12 12c2.21 0 4-1.79 4-4s-1.79-4-4-4-4 1.79-4 4 1.79 4 4 4zm0 2c-2.67 0-8 1.34-8 4v2h16v-2c0-2.66-5.33-4-8-4z',
    label: 'M17.63 5.84C17.27 5.33 16.67 5 16 5L5 5.01C3.9 5.01 3 5.9 3 7v10c0 1.1.9 1.99 2 1.99L16 19c.67 0 1.27-.33 1.63-.84L22 12l-4.37-6.16z',
    new_label: 'M21 12l-4.37 6.16C16.26 18.68 15.65 19 15 19h-3v-6H9v-3H3V7c0-1.1.9-2 2-2h10c.65 0 1.26.31 1.63.84L21 12zM10 15H7v-3H5v3H2v2h3v3h2v-3h3v-2z',
    arrow_back: 'M20 11H7.83l5.59-5.59L12 4l-8 8 8 8 1.41-1.41L7.83 13H20v-2z',
    more_vert: 'M12 8c1.1 0 2-.9 2-2s-.9-2-2-2-2 .9-2 2 .9 2 2 2zm0 2c-1.1 0-2 .9-2 2s.9 2 2 2 2-.9 2-2-.9-2-2-2zm0 6c-1.1 0-2 .9-2 2s.9 2 2 2 2-.9 2-2-.9-2-2-2z',
    home: 'M10 20v-6h4v6h5v-8h3L12 3 2 12h3v8z',
    close: 'M19 6.41L17.59 5 12 10.59 6.41 5 5 6.41 10.59 12 5 17.59 6.41 19 12 13.41 17.59 19 19 17.59 13.41 12z',
    expand_more: 'M16.59 8.59L12 13.17 7.41 8.59 6 10l6 6 6-6z',
    expand_less: 'M12 8l-6 6 1.41 1.41L12 10.83l4.59 4.58L18 14z',
    email: 'M20 4H4c-1.1 0-1.99.9-1.99 2L2 18c0 1.1.9 2 2 2h16c1.1 0 2-.9 2-2V6c0-1.1-.9-2-2-2zm0 4l-8 5-8-5V6l8 5 8-5v2z',
    phone: 'M6.62 10.79c1.44 2.83 3.76 5.14 6.59 6.59l2.2-2.2c.27-.27.67-.36 1.02-.24 1.12.37 2.33.57 3.57.57.55 0 1 .45 1 1V20c0 .55-.45 1-1 1-9.39 0-17-7.61-17-17 0-.55.45-1 1-1h3.5c.55 0 1 .45 1 1 0 1.25.2 2.45.57 3.57.11.35.03.74-.25 1.02l-2.2 2.2z',
    star: 'M12 17.27L18.18 21l-1.64-7.03L22 9.24l-7.19-.61L12 2 9.19 8.63 2 9.24l5.46 4.73L5.82 21z',
    search: 'M15.5 14h-.79l-.28-.27C15.41 12.59 16 11.11 16 9.5 16 5.91 13.09 3 9.5 3S3 5.91 3 9.5 5.91 16 9.5 16c1.61 0 3.09-.59 4.23-1.57l.27.28v.79l5 4.99L20.49 19l-4.99-5zm-6 0C7.01 14 5 11.99 5 9.5S7.01 5 9.5 5 14 7.01 14 9.5 11.99 14 9.5 14z',
    edit: 'M3 17.25V21h3.75L17.81 9.94l-3.75-3.75L3 17.25zM20.71 7.04c.39-.39.39-1.02 0-1.41l-2.34-2.34c-.39-.39-1.02-.39-1.41 0l-1.83 1.83 3.75 3.75 1.83-1.83z',
    delete: 'M6 19c0 1.1.9 2 2 2h8c1.1 0 2-.9 2-2V7H6v12zM19 4h-3.5l-1-1h-5l-1 1H5v2h14V4z',
    add: 'M19 13h-6v6h-2v-6H5v-2h6V5h2v6h6v2z',
    description: 'M14 2H6c-1.1 0-1.99.9-1.99 2L4 20c0 1.1.89 2 1.99 2H18c1.1 0 2-.9 2-2V8l-6-6zm2 16H8v-2h8v2zm0-4H8v-2h8v2zm-3-5V3.5L18.5 9H13z',
    schedule: 'M11.99 2C6.47 2 2 6.48 2 12s4.47 10 9.99 10C17.52 22 22 17.52 22 12S17.52 2 11.99 2zM12 20c-4.42 0-8-3.58-8-8s3.58-8 8-8 8 3.58 8 8-3.58 8-8 8zm.5-13H11v6l5.25 3.15.75-1.23-4.5-2.67z',
    business: 'M12 7V3H2v18h20V7H12zM6 19H4v-2h2v2zm0-4H4v-2h2v2zm0-4H4V9h2v2zm0-4H4V5h2v2zm4 12H8v-2h2v2zm0-4H8v-2h2v2zm0-4H8V9h2v2zm0-4H8V5h2v2zm10 12h-8v-2h2v-2h-2v-2h2v-2h-2V9h8v10zm-2-8h-2v2h2v-2zm0 4h-2v2h2v-2z',
    group: 'M16 11c1.66 0 2.99-1.34 2.99-3S17.66 5 16 5c-1.66 0-3 1.34-3 3s1.34 3 3 3zm-8 0c1.66 0 2.99-1.34 2.99-3S9.66 5 8 5C6.34 5 5 6.34 5 8s1.34 3 3 3zm0 2c-2.33 0-7 1.17-7 3.5V19h14v-2.5c0-2.33-4.67-3.5-7-3.5zm8 0c-.29 0-.62.02-.97.05 1.16.84 1.97 1.97 1.97 3.45V19h6v-2.5c0-2.33-4.67-3.5-7-3.5z',
    history: 'M13 3c-4.97 0-9 4.03-9 9H1l3.89 3.89.07.14L9 12H6c0-3.87 3.13-7 7-7s7 3.13 7 7-3.13 7-7 7c-1.93 0-3.68-.79-4.94-2.06l-1.42 1.42C8.27 19.99 10.51 21 13 21c4.97 0 9-4.03 9-9s-4.03-9-9-9zm-1 5v5l4.28 2.54.72-1.21-3.5-2.08V8H12z',
    info: 'M12 2C6.48 2 2 6.48 2 12s4.48 10 10 10 10-4.48 10-10S17.52 2 12 2zm1 15h-2v-6h2v6zm0-8h-2V7h2v2z',
    error: 'M12 2C6.48 2 2 6.48 2 12s4.48 10 10 10 10-4.48 10-10S17.52 2 12 2zm1 15h-2v-2h2v2zm0-4h-2V7h2v6z',
    bookmark: 'M17 3H7c-1.1 0-1.99.9-1.99 2L5 21l7-3 7 3V5c0-1.1-.9-2-2-2z',
    place: 'M12 2C8.13 2 5 5.13 5 9c0 5.25 7 13 7 13s7-7.75 7-13c0-3.87-3.13-7-7-7zm0 9.5c-1.38 0-2.5-1.12-2.5-2.5s1.12-2.5 2.5-2.5 2.5 1.12 2.5 2.5-1.12 2.5-2.5 2.5z',
    share: 'M18 16.08c-.76 0-1.44.3-1.96.77L8.91 12.7c.05-.23.09-.46.09-.7s-.04-.47-.09-.7l7.05-4.11c.54.5 1.25.81 2.04.81 1.66 0 3-1.34 3-3s-1.34-3-3-3-3 1.34-3 3c0 .24.04.47.09.7L8.04 9.81C7.5 9.31 6.79 9 6 9c-1.66 0-3 1.34-3 3s1.34 3 3 3c.79 0 1.5-.31 2.04-.81l7.12 4.16c-.05.21-.08.43-.08.65 0 1.61 1.31 2.92 2.92 2.92s2.92-1.31 2.92-2.92-1.31-2.92-2.92-2.92z',
    comment: 'M21.99 4c0-1.1-.89-2-1.99-2H4c-1.1 0-2 .9-2 2v12c0 1.1.9 2 2 2h14l4 4-.01-18zM18 14H6v-2h12v2zm0-3H6V9h12v2zm0-3H6V6h12v2z',
    check: 'M9 16.17L4.83 12l-1.42 1.41L9 19 21 7l-1.41-1.41z',
    contacts: 'M20 0H4v2h16V0zM4 24h16v-2H4v2zM20 4H4c-1.1 0-2 .9-2 2v12c0 1.1.9 2 2 2h16c1.1 0 2-.9 2-2V6c0-1.1-.9-2-2-2zm-8 2.75c1.24 0 2.25 1.01 2.25 2.25s-1.01 2.25-2.25 2.25S9.75 10.24 9.75 9 10.76 6.75 12 6.75zM17 17H7v-1.5c0-1.67 3.33-2.5 5-2.5s5 .83 5 2.5V17z',
    dot: 'M12 8a4 4 0 100 8 4 4 0 000-8z',
  };

  // Google's knownIcon names, mapped to the closest Material icon above.
  const KNOWN_ICONS = {
    PERSON: 'person', MULTIPLE_PEOPLE: 'group', EMAIL: 'email', PHONE: 'phone', STAR: 'star',
    BOOKMARK: 'bookmark', CLOCK: 'schedule', DESCRIPTION: 'description', MAP_PIN: 'place',
    STORE: 'business', INVITE: 'email', EVENT_PERFORMER: 'person', MEMBERSHIP: 'group',
  };

  function svgIcon(name) {
    const svg = document.createElementNS(SVG_NS, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    const path = document.createElementNS(SVG_NS, 'path');
    path.setAttribute('d', ICON_PATHS[name] || ICON_PATHS.dot);
    svg.append(path);
    return svg;
  }

  /** An Icon object ({knownIcon | iconUrl | materialIcon{name}, altText, imageType}) as a node. */
  function icon(spec) {
    if (!spec || typeof spec !== 'object') return null;
    if (spec.iconUrl) {
      return h('img', { src: spec.iconUrl, alt: spec.altText || '', class: spec.imageType === 'CIRCLE' ? 'circle' : null });
    }
    const name = spec.materialIcon ? spec.materialIcon.name : KNOWN_ICONS[spec.knownIcon] || null;
    const node = svgIcon(name);
    if (spec.altText) node.setAttribute('aria-label', spec.altText);
    return node;
  }

  /** Google's Color ({red, green, blue, alpha}, 0..1) as CSS. */
  function cssColor(c) {
    if (!c || typeof c !== 'object') return null;
    const byte = (x) => Math.round(Math.max(0, Math.min(1, Number(x) || 0)) * 255);
    const alpha = c.alpha === undefined ? 1 : Math.max(0, Math.min(1, Number(c.alpha)));
    return `rgba(${byte(c.red)}, ${byte(c.green)}, ${byte(c.blue)}, ${alpha})`;
  }

  // ------------------------------------------------------- Google's HTML subset

  const ALLOWED_TAGS = new Set(['b', 'i', 'u', 's', 'font', 'a', 'br']);
  const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

  function decodeEntities(text) {
    return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (all, e) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : all;
      }
      return Object.prototype.hasOwnProperty.call(ENTITIES, e.toLowerCase()) ? ENTITIES[e.toLowerCase()] : all;
    });
  }

  function parseAttributes(text) {
    const out = {};
    const re = /([a-zA-Z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/g;
    let m;
    while ((m = re.exec(text))) out[m[1].toLowerCase()] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? '');
    return out;
  }

  /**
   * Text in Google's formatting subset (b, i, u, s, font color, a href, br) as DOM nodes. Any
   * other markup is shown literally, as text nodes: nothing here is ever parsed as HTML.
   */
  function richText(source) {
    const root = h('span', { class: 'rich' });
    const src = source === null || source === undefined ? '' : String(source);
    const open = [root];
    const names = [];
    const top = () => open[open.length - 1];
    const addText = (t) => { if (t) top().append(document.createTextNode(decodeEntities(t))); };
    const re = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)([^<>]*)>/g;
    let last = 0;
    let m;
    while ((m = re.exec(src))) {
      addText(src.slice(last, m.index));
      last = re.lastIndex;
      const closing = m[1] === '/';
      const name = m[2].toLowerCase();
      if (!ALLOWED_TAGS.has(name)) { addText(m[0]); continue; }
      if (name === 'br') { if (!closing) top().append(h('br')); continue; }
      if (closing) {
        const at = names.lastIndexOf(name);
        if (at < 0) { addText(m[0]); continue; }
        names.length = at;
        open.length = at + 1;
        continue;
      }
      const attrs = parseAttributes(m[3]);
      let el;
      if (name === 'font') {
        el = h('span');
        if (attrs.color && /^(#[0-9a-f]{3,8}|[a-z]{3,20})$/i.test(attrs.color)) el.style.color = attrs.color;
      } else if (name === 'a') {
        el = h('a');
        if (attrs.href && /^(https?:|mailto:|tel:)/i.test(attrs.href)) {
          el.href = attrs.href;
          el.target = '_blank';
          el.rel = 'noopener noreferrer';
        }
      } else {
        el = h(name);
      }
      top().append(el);
      open.push(el);
      names.push(name);
    }
    addText(src.slice(last));
    return root;
  }

  /** Plain text of rich text (for the simulated compose body). */
  function plainText(source) {
    return richText(source).textContent;
  }

  // ------------------------------------------------------------------ API calls

  async function getJSON(url) {
    const r = await fetch(url, { headers: { accept: 'application/json' } });
    if (!r.ok) throw new Error(`${url} answered HTTP ${r.status}`);
    return r.json();
  }

  function params(list) {
    const out = {};
    for (const p of Array.isArray(list) ? list : []) {
      if (p && p.key !== undefined) out[String(p.key)] = p.value === undefined || p.value === null ? '' : String(p.value);
    }
    return out;
  }

  function draftMetadata() {
    const split = (s) => s.split(/[,;]/).map((x) => x.trim()).filter(Boolean);
    return {
      toRecipients: split(state.draft.to),
      ccRecipients: split(state.draft.cc),
      bccRecipients: split(state.draft.bcc || ''),
    };
  }

  /**
   * Sends one event through the stand-in. `request` = {url, parameters, formInputs};
   * `how` = {trigger, persistValues, loadIndicator}.
   */
  async function send(request, how) {
    const epoch = state.epoch;
    const body = {
      user: state.user,
      url: request.url,
      parameters: request.parameters || {},
      formInputs: request.formInputs || {},
    };
    if (state.context === 'message' && state.messageId) body.messageId = state.messageId;
    body.locale = state.locale;
    if (state.context === 'compose' && state.draft) body.draft = draftMetadata();
    setBusy(true, how.loadIndicator !== 'NONE');
    hideError();
    try {
      const response = await fetch('/sandbox/api/action', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const answer = await response.json().catch(() => null);
      if (epoch !== state.epoch) return;
      if (!response.ok || !answer) {
        showError('The sandbox could not send this event', (answer && answer.error) || `HTTP ${response.status}`, how.trigger);
        return;
      }
      handleAnswer(answer.status, answer.body, how);
    } catch (e) {
      if (epoch === state.epoch) showError('The sandbox is not reachable', String(e), how.trigger);
    } finally {
      if (epoch === state.epoch) setBusy(false);
    }
  }

  function fireTrigger(kind) {
    state.epoch += 1;
    const a = state.addon;
    const url = kind === 'message' ? a.contextual : kind === 'compose' ? a.compose[0] && a.compose[0].url : a.homepage;
    if (!url) {
      showError('This add-on has no such trigger', `The manifest names no ${kind} trigger.`, true);
      return;
    }
    state.context = kind === 'message' ? 'message' : kind === 'compose' ? 'compose' : 'home';
    send({ url }, { trigger: true, loadIndicator: 'SPINNER' });
  }

  function fireAction(action, extraParameters) {
    if (!action || typeof action.function !== 'string') {
      showError('This button does nothing', 'Its action has no function URL.', false);
      return;
    }
    const parameters = Object.assign(params(action.parameters), extraParameters || {});
    send(
      { url: action.function, parameters, formInputs: collectFormInputs() },
      { trigger: false, persistValues: action.persistValues === true, loadIndicator: action.loadIndicator || 'SPINNER' },
    );
  }

  /** What a click does: an action round trip, a link, or a card pushed without the server. */
  function runOnClick(onClick, extraParameters) {
    if (!onClick || typeof onClick !== 'object') return;
    if (onClick.action) fireAction(onClick.action, extraParameters);
    else if (onClick.openDynamicLinkAction) fireAction(onClick.openDynamicLinkAction, extraParameters);
    else if (onClick.openLink) openLink(onClick.openLink);
    else if (onClick.card) {
      saveValues();
      state.stack.push({ card: onClick.card, values: null });
      renderPanel();
    }
  }

  function openLink(link) {
    const url = link && typeof link.url === 'string' ? link.url : '';
    if (!/^(https?:|mailto:|tel:)/i.test(url)) {
      showError('The add-on asked to open a link Google would refuse', url || '(no URL)', false);
      return;
    }
    window.open(url, '_blank', 'noopener');
    toast(`Opened ${url}`);
  }

  // ------------------------------------------------------- answers and navigation

  function isCard(c) {
    return c && typeof c === 'object' && !Array.isArray(c) && Array.isArray(c.sections);
  }

  function handleAnswer(status, body, how) {
    if (status !== 200) {
      const detail = typeof body === 'string' ? body : JSON.stringify(body, null, 2);
      showError(
        how.trigger ? `${addonName()} could not be loaded` : `${addonName()} could not complete this action`,
        `The add-on answered HTTP ${status}.\n${detail || ''}`.trim(),
        how.trigger,
      );
      return;
    }
    if (!body || typeof body !== 'object') {
      showError(`${addonName()} sent an invalid response`, String(body).slice(0, 2000), how.trigger);
      return;
    }
    if (body.requesting_google_scopes) {
      showError(
        `${addonName()} needs more permissions`,
        `Google would now ask the user to grant: ${JSON.stringify(body.requesting_google_scopes)}. ` +
          'The sandbox grants every scope of the manifest, so this should not happen.',
        how.trigger,
      );
      return;
    }
    const envelope = body.renderActions || body;
    let action = envelope.action || null;
    const hostAppAction = envelope.hostAppAction || null;
    if (!action && !hostAppAction && isCard(body)) action = { navigations: [{ pushCard: body }] };
    if (!action && !hostAppAction) {
      showError(`${addonName()} sent an invalid response`, 'It holds neither an action nor a card.', how.trigger);
      return;
    }
    const navigations = (action && Array.isArray(action.navigations)) ? action.navigations : [];
    for (const nav of navigations) {
      const card = nav.pushCard || nav.updateCard;
      if (card && !isCard(card)) {
        showError(`${addonName()} sent an invalid card`, 'A card must have sections.', how.trigger);
        return;
      }
    }
    if (how.trigger) {
      if (!navigations.some((n) => n.pushCard || n.updateCard)) {
        showError(`${addonName()} sent no card`, 'A trigger must answer with a card to show.', true);
        return;
      }
      state.stack = [];
    }
    const typed = how.persistValues ? captureValues() : null;
    saveValues();
    applyNavigations(navigations, typed);
    renderPanel();
    if (action && action.link) openLink(action.link);
    if (action && action.notification && action.notification.text) toast(String(action.notification.text));
    if (hostAppAction) applyHostAppAction(hostAppAction);
  }

  function applyNavigations(navigations, typed) {
    const stack = state.stack;
    for (const nav of navigations) {
      if (nav.pushCard) stack.push({ card: nav.pushCard, values: null });
      else if (nav.updateCard) {
        const entry = { card: nav.updateCard, values: typed };
        if (stack.length) stack[stack.length - 1] = entry;
        else stack.push(entry);
      } else if (nav.pop || nav.popCard) {
        if (stack.length > 1) stack.pop();
      } else if (nav.popToRoot) {
        stack.length = Math.min(stack.length, 1);
      } else if (typeof nav.popToCard === 'string') {
        for (let i = stack.length - 1; i >= 0; i -= 1) {
          if (stack[i].card.name === nav.popToCard) { stack.length = i + 1; break; }
        }
      }
    }
  }

  function applyHostAppAction(hostAppAction) {
    const gmail = hostAppAction.gmailAction;
    if (!gmail) return;
    const markup = gmail.updateDraftActionMarkup;
    if (markup) {
      if (!state.draft) {
        showError('The add-on tried to change a draft', 'No draft is open.', false);
        return;
      }
      const changed = [];
      if (markup.updateToRecipients) {
        state.draft.to = (markup.updateToRecipients.toRecipients || []).join(', ');
        changed.push('to');
      }
      if (markup.updateCcRecipients) {
        state.draft.cc = (markup.updateCcRecipients.ccRecipients || []).join(', ');
        changed.push('cc');
      }
      if (markup.updateBccRecipients) {
        state.draft.bcc = (markup.updateBccRecipients.bccRecipients || []).join(', ');
        changed.push('bcc');
      }
      if (markup.updateSubject) {
        state.draft.subject = String(markup.updateSubject.subject || '');
        changed.push('subject');
      }
      if (markup.updateBody && Array.isArray(markup.updateBody.insertContents)) {
        const text = markup.updateBody.insertContents
          .map((c) => (c.contentType === 'TEXT' ? String(c.content || '') : plainText(c.content)))
          .join('');
        const type = markup.updateBody.type || 'IN_PLACE_INSERT';
        state.draft.body = type === 'INSERT_AT_START' ? text + state.draft.body : state.draft.body + text;
        changed.push('body');
      }
      renderCompose(changed);
    }
    if (gmail.openCreatedDraftActionMarkup) {
      toast(`Gmail would open draft ${gmail.openCreatedDraftActionMarkup.draftId || ''}`.trim());
    }
  }

  // ------------------------------------------------------------------ form inputs

  function collectFormInputs() {
    const out = {};
    for (const input of state.inputs) {
      const value = input.collect();
      if (value) out[input.name] = value;
    }
    return out;
  }

  function captureValues() {
    const out = {};
    for (const input of state.inputs) out[input.name] = input.capture();
    return out;
  }

  /** Keeps what was typed on the top card, so going back to it shows it again. */
  function saveValues() {
    if (state.stack.length) state.stack[state.stack.length - 1].values = captureValues();
  }

  function restoreValues(values) {
    if (!values) return;
    for (const input of state.inputs) {
      if (Object.prototype.hasOwnProperty.call(values, input.name)) input.restore(values[input.name]);
    }
  }

  const strings = (list) => (list.length ? { stringInputs: { value: list } } : null);
  const truthy = (v) => v === true || v === 'true';

  // ------------------------------------------------------------------ card rendering

  function renderCard(card, ctx) {
    const root = h('div', { class: 'card' + (card.sectionDividerStyle === 'NO_DIVIDER' ? ' no-dividers' : '') });
    if (card.name) root.dataset.cardName = card.name;
    const header = card.header;
    if (header && (header.title || header.subtitle || header.imageUrl)) {
      root.append(h('div', { class: 'card-header' },
        header.imageUrl ? h('img', {
          src: header.imageUrl,
          alt: header.imageAltText || '',
          class: header.imageType === 'CIRCLE' ? 'circle' : null,
          onerror: (e) => { e.target.hidden = true; },
        }) : null,
        h('div', {},
          // Google shows the title as typed; the subtitle, like section headers, is formatted.
          h('div', { class: 'card-title', text: String(header.title ?? '') }),
          header.subtitle ? h('div', { class: 'card-subtitle' }, richText(header.subtitle)) : null)));
    }
    for (const section of card.sections || []) root.append(renderSection(section, ctx));
    return root;
  }

  function renderSection(section, ctx) {
    const el = h('div', { class: 'card-section' });
    if (section.header) el.append(h('div', { class: 'section-header' }, richText(section.header)));
    const widgets = Array.isArray(section.widgets) ? section.widgets : [];
    const shown = section.collapsible ? Math.max(0, Number(section.uncollapsibleWidgetsCount) || 0) : widgets.length;
    const hidden = [];
    widgets.forEach((w, i) => {
      const node = renderWidget(w, ctx);
      if (i >= shown) { node.hidden = true; hidden.push(node); }
      el.append(node);
    });
    if (hidden.length) {
      const label = h('span', { text: 'Show more' });
      const chevron = h('span', {}, svgIcon('expand_more'));
      const toggle = h('button', { class: 'collapse-toggle', type: 'button', 'aria-expanded': 'false' }, label, chevron);
      toggle.addEventListener('click', () => {
        const open = toggle.getAttribute('aria-expanded') !== 'true';
        toggle.setAttribute('aria-expanded', String(open));
        for (const n of hidden) n.hidden = !open;
        label.textContent = open ? 'Show less' : 'Show more';
        chevron.replaceChildren(svgIcon(open ? 'expand_less' : 'expand_more'));
      });
      el.append(toggle);
    }
    return el;
  }

  function renderWidget(widget, ctx) {
    const align = widget.horizontalAlignment === 'CENTER' ? ' align-center' : widget.horizontalAlignment === 'END' ? ' align-end' : '';
    const box = h('div', { class: 'widget' + align });
    let inner;
    if (widget.textParagraph) inner = h('div', { class: 'text-paragraph' }, richText(widget.textParagraph.text));
    else if (widget.decoratedText) inner = renderDecoratedText(widget.decoratedText, ctx);
    else if (widget.buttonList) inner = renderButtonList(widget.buttonList, widget.horizontalAlignment);
    else if (widget.textInput) inner = renderTextInput(widget.textInput, ctx);
    else if (widget.selectionInput) inner = renderSelectionInput(widget.selectionInput, ctx);
    else if (widget.dateTimePicker) inner = renderDateTimePicker(widget.dateTimePicker, ctx);
    else if (widget.divider) inner = h('hr', { class: 'divider' });
    else if (widget.grid) inner = renderGrid(widget.grid);
    else if (widget.image) inner = renderImage(widget.image);
    else if (widget.columns) inner = renderColumns(widget.columns, ctx);
    else {
      const kind = Object.keys(widget).filter((k) => k !== 'horizontalAlignment')[0] || 'empty widget';
      inner = h('div', { class: 'unsupported', text: `(the sandbox does not render ${kind})` });
    }
    box.append(inner);
    return box;
  }

  function renderDecoratedText(d, ctx) {
    const startIcon = d.startIcon || d.icon;
    const el = h('div', { class: 'decorated' + (d.wrapText ? '' : ' nowrap') + (d.onClick ? ' clickable' : '') },
      startIcon ? h('div', { class: 'start-icon' }, icon(startIcon)) : null,
      h('div', { class: 'texts' },
        d.topLabel ? h('div', { class: 'top-label' }, richText(d.topLabel)) : null,
        h('div', { class: 'main-text' }, richText(d.text)),
        d.bottomLabel ? h('div', { class: 'bottom-label' }, richText(d.bottomLabel)) : null));
    if (d.onClick) {
      el.setAttribute('role', 'button');
      el.tabIndex = 0;
      el.addEventListener('click', () => runOnClick(d.onClick));
      el.addEventListener('keydown', (e) => { if (e.key === 'Enter') runOnClick(d.onClick); });
    }
    if (d.button) el.append(h('div', { class: 'end' }, renderButton(d.button)));
    else if (d.switchControl) el.append(h('div', { class: 'end' }, renderSwitchControl(d.switchControl, ctx)));
    else if (d.endIcon) el.append(h('div', { class: 'end start-icon' }, icon(d.endIcon)));
    return el;
  }

  function renderSwitchControl(s, ctx) {
    const input = h('input', { type: 'checkbox', checked: truthy(s.selected), name: s.name || null });
    register(ctx, s.name, {
      collect: () => (input.checked ? strings([String(s.value === undefined ? 'true' : s.value)]) : null),
      capture: () => input.checked,
      restore: (v) => { input.checked = Boolean(v); },
    });
    if (s.onChangeAction) input.addEventListener('change', () => fireAction(s.onChangeAction));
    if (s.controlType === 'CHECKBOX' || s.controlType === 'CHECK_BOX') return input;
    return h('span', { class: 'switch' }, input, h('span', { class: 'track' }), h('span', { class: 'thumb' }));
  }

  function renderButton(b) {
    const filled = b.type === 'FILLED' || (b.color && b.type !== 'OUTLINED' && b.type !== 'BORDERLESS');
    let cls = 'gw-button';
    if (filled) cls += ' filled';
    else if (b.type === 'FILLED_TONAL') cls += ' tonal';
    else if (b.type === 'OUTLINED') cls += ' outlined';
    if (!b.text && b.icon) cls += ' icon-only';
    const el = h('button', { class: cls, type: 'button', disabled: truthy(b.disabled), title: b.altText || null },
      b.icon ? icon(b.icon) : null,
      b.text ? h('span', {}, richText(b.text)) : null);
    if (filled && b.color) el.style.background = cssColor(b.color);
    el.addEventListener('click', (e) => {
      e.stopPropagation();
      runOnClick(b.onClick);
    });
    return el;
  }

  function renderButtonList(list) {
    return h('div', { class: 'button-list' }, (list.buttons || []).map(renderButton));
  }

  function register(ctx, name, input) {
    if (name) ctx.inputs.push(Object.assign({ name: String(name) }, input));
  }

  function renderTextInput(t, ctx) {
    const multi = t.type === 'MULTIPLE_LINE';
    const control = multi ? h('textarea', { name: t.name, rows: 3 }) : h('input', { type: 'text', name: t.name });
    control.value = t.value === undefined || t.value === null ? '' : String(t.value);
    const id = `input-${ctx.inputs.length}-${Math.random().toString(36).slice(2, 8)}`;
    control.id = id;
    if (t.hintText) control.setAttribute('aria-describedby', `${id}-hint`);
    register(ctx, t.name, {
      collect: () => strings(control.value === '' ? [] : [control.value]),
      capture: () => control.value,
      restore: (v) => { control.value = v === undefined || v === null ? '' : String(v); },
    });
    if (t.onChangeAction) control.addEventListener('change', () => fireAction(t.onChangeAction));
    return h('div', {},
      h('div', { class: 'field' }, t.label ? h('label', { for: id, text: t.label }) : null, control),
      t.hintText ? h('div', { class: 'hint', id: `${id}-hint`, text: t.hintText }) : null);
  }

  function renderSelectionInput(s, ctx) {
    const items = Array.isArray(s.items) ? s.items : [];
    const type = s.type || 'CHECK_BOX';
    if (type === 'DROPDOWN') {
      const select = h('select', { name: s.name },
        items.map((it) => h('option', { value: String(it.value ?? ''), selected: truthy(it.selected), text: plainText(it.text) })));
      const picked = items.find((it) => truthy(it.selected));
      if (picked) select.value = String(picked.value ?? '');
      const id = `select-${ctx.inputs.length}-${Math.random().toString(36).slice(2, 8)}`;
      select.id = id;
      register(ctx, s.name, {
        collect: () => strings(select.value === '' && !items.length ? [] : [select.value]),
        capture: () => select.value,
        restore: (v) => { if ([...select.options].some((o) => o.value === v)) select.value = v; },
      });
      if (s.onChangeAction) select.addEventListener('change', () => fireAction(s.onChangeAction));
      return h('div', { class: 'field' }, s.label ? h('label', { for: id, text: s.label }) : null, select);
    }
    const group = `group-${Math.random().toString(36).slice(2, 10)}`;
    const boxes = [];
    const rows = items.map((it) => {
      const input = h('input', {
        type: type === 'RADIO_BUTTON' ? 'radio' : 'checkbox',
        name: type === 'RADIO_BUTTON' ? group : s.name,
        value: String(it.value ?? ''),
        checked: truthy(it.selected),
      });
      boxes.push(input);
      if (s.onChangeAction) input.addEventListener('change', () => fireAction(s.onChangeAction));
      const control = type === 'SWITCH'
        ? h('span', { class: 'switch' }, input, h('span', { class: 'track' }), h('span', { class: 'thumb' }))
        : input;
      return h('label', { class: 'choice' }, control, richText(it.text));
    });
    register(ctx, s.name, {
      collect: () => strings(boxes.filter((b) => b.checked).map((b) => b.value)),
      capture: () => boxes.filter((b) => b.checked).map((b) => b.value),
      restore: (v) => { const on = new Set(Array.isArray(v) ? v : []); for (const b of boxes) b.checked = on.has(b.value); },
    });
    return h('div', { role: type === 'RADIO_BUTTON' ? 'radiogroup' : 'group' },
      s.label ? h('div', { class: 'choice-group-label', text: s.label }) : null, rows);
  }

  const pad = (n) => String(n).padStart(2, '0');

  function renderDateTimePicker(d, ctx) {
    const type = d.type || 'DATE_AND_TIME';
    // Shown in the picker's own zone: timezoneOffsetDate, in minutes east of UTC.
    const offsetMs = (Number(d.timezoneOffsetDate) || 0) * 60000;
    const input = h('input', {
      type: type === 'DATE_ONLY' ? 'date' : type === 'TIME_ONLY' ? 'time' : 'datetime-local',
      name: d.name,
    });
    const ms = Number(d.valueMsEpoch);
    if (d.valueMsEpoch !== undefined && Number.isFinite(ms)) {
      const t = new Date(ms + offsetMs);
      const date = `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
      const time = `${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`;
      input.value = type === 'DATE_ONLY' ? date : type === 'TIME_ONLY' ? time : `${date}T${time}`;
    }
    const id = `date-${ctx.inputs.length}-${Math.random().toString(36).slice(2, 8)}`;
    input.id = id;
    register(ctx, d.name, {
      collect: () => {
        if (!input.value) return null;
        if (type === 'TIME_ONLY') {
          const [hours, minutes] = input.value.split(':').map(Number);
          return { timeInput: { hours, minutes } };
        }
        const utc = Date.parse(type === 'DATE_ONLY' ? `${input.value}T00:00:00Z` : `${input.value}:00Z`);
        if (!Number.isFinite(utc)) return null;
        if (type === 'DATE_ONLY') return { dateInput: { msSinceEpoch: utc } };
        return { dateTimeInput: { msSinceEpoch: utc - offsetMs, hasDate: true, hasTime: true } };
      },
      capture: () => input.value,
      restore: (v) => { input.value = v || ''; },
    });
    if (d.onChangeAction) input.addEventListener('change', () => fireAction(d.onChangeAction));
    return h('div', { class: 'field' }, d.label ? h('label', { for: id, text: d.label }) : null, input);
  }

  function renderGrid(g) {
    const columns = Math.max(1, Math.min(6, Number(g.columnCount) || 2));
    const grid = h('div', { class: 'grid', style: { gridTemplateColumns: `repeat(${columns}, 1fr)` } });
    (g.items || []).forEach((item, index) => {
      const image = item.image || {};
      const el = h('div', { class: 'grid-item' + (g.borderStyle ? ' bordered' : ''), role: g.onClick ? 'button' : null },
        item.layout === 'TEXT_ABOVE' ? gridTexts(item) : null,
        image.imageUri ? h('img', {
          src: image.imageUri,
          alt: image.altText || '',
          class: image.cropStyle && image.cropStyle.type === 'CIRCLE' ? 'circle' : null,
        }) : null,
        item.layout === 'TEXT_ABOVE' ? null : gridTexts(item));
      if (g.onClick) {
        // Google reuses the grid's callback for each item, adding the item's id.
        el.addEventListener('click', () => runOnClick(g.onClick, {
          grid_item_identifier: String(item.id ?? ''),
          grid_item_index: String(index),
        }));
      }
      grid.append(el);
    });
    return h('div', {}, g.title ? h('div', { class: 'grid-title' }, richText(g.title)) : null, grid);
  }

  function gridTexts(item) {
    return [
      item.title ? h('div', { class: 'grid-item-title' }, richText(item.title)) : null,
      item.subtitle ? h('div', { class: 'grid-item-subtitle' }, richText(item.subtitle)) : null,
    ];
  }

  function renderImage(img) {
    const el = h('img', { class: 'card-image' + (img.onClick ? ' clickable' : ''), src: img.imageUrl || '', alt: img.altText || '' });
    if (img.onClick) el.addEventListener('click', () => runOnClick(img.onClick));
    return el;
  }

  function renderColumns(c, ctx) {
    return h('div', { class: 'columns' }, (c.columnItems || []).map((col) =>
      h('div', {}, (col.widgets || []).map((w) => renderWidget(w, ctx)))));
  }

  // ------------------------------------------------------------------ the panel

  function addonName() {
    return (state.addon && state.addon.name) || 'The add-on';
  }

  function renderPanel() {
    const host = $('card');
    const footer = $('panel-footer');
    const entry = state.stack[state.stack.length - 1];
    const ctx = { inputs: [] };
    closeMenu();
    if (!entry) {
      state.inputs = [];
      const label = state.addon && state.addon.compose && state.addon.compose[0] ? state.addon.compose[0].label : '';
      host.replaceChildren(state.context === 'compose' && label
        ? h('div', { class: 'panel-empty', text: `Click “${label}” in the draft's toolbar to open ${addonName()} for this draft.` })
        : '');
      footer.hidden = true;
      $('panel-back').hidden = true;
      $('panel-menu').hidden = true;
      return;
    }
    const card = entry.card;
    host.replaceChildren(renderCard(card, ctx));
    const ff = card.fixedFooter;
    if (ff && (ff.primaryButton || ff.secondaryButton)) {
      footer.replaceChildren(
        ff.secondaryButton ? renderButton(ff.secondaryButton) : '',
        ff.primaryButton ? renderButton(Object.assign({ type: 'FILLED' }, ff.primaryButton)) : '');
      footer.hidden = false;
    } else {
      footer.hidden = true;
    }
    state.inputs = ctx.inputs;
    restoreValues(entry.values);
    $('panel-back').hidden = state.stack.length < 2;
    const actions = Array.isArray(card.cardActions) ? card.cardActions : [];
    $('panel-menu').hidden = actions.length === 0;
    $('panel-menu-list').replaceChildren(...actions.map((a) => h('button', {
      type: 'button',
      role: 'menuitem',
      text: String(a.actionLabel || ''),
      onclick: () => { closeMenu(); runOnClick(a.onClick); },
    })));
    $('panel-scroll').scrollTop = 0;
  }

  function closeMenu() {
    $('panel-menu-list').hidden = true;
  }

  function setBusy(busy, showProgress) {
    state.busy = busy;
    $('panel').setAttribute('aria-busy', String(busy));
    $('panel-progress').hidden = !(busy && showProgress !== false);
    $('panel-blocker').hidden = !busy;
  }

  /** Errors as Gmail shows them: a notice in the panel, with the details a developer install gets. */
  function showError(title, detail, replaceCard) {
    if (replaceCard) {
      state.stack = [];
      renderPanel();
    }
    const box = $('panel-error');
    const close = h('button', { class: 'icon-button', type: 'button', title: 'Dismiss', onclick: hideError }, svgIcon('close'));
    box.replaceChildren(...[
      h('div', { class: 'error-title', text: title }),
      close,
      detail ? h('details', {}, h('summary', { text: 'Details (developer mode)' }), h('pre', { text: detail })) : null,
    ].filter(Boolean));
    box.hidden = false;
  }

  function hideError() {
    $('panel-error').hidden = true;
  }

  function toast(text) {
    const el = $('panel-toast');
    el.textContent = text;
    el.hidden = false;
    clearTimeout(state.toastTimer);
    state.toastTimer = setTimeout(() => { el.hidden = true; }, 5000);
  }

  function hideToast() {
    clearTimeout(state.toastTimer);
    $('panel-toast').hidden = true;
  }

  // ------------------------------------------------------------ inbox and reader

  function avatar(name, key) {
    let hash = 0;
    for (const ch of String(key || name)) hash = (hash * 31 + ch.codePointAt(0)) >>> 0;
    const colors = ['#1a73e8', '#d93025', '#188038', '#e37400', '#9334e6', '#c5221f', '#007b83', '#b06000'];
    const letter = (String(name).trim()[0] || '?').toUpperCase();
    return h('div', { class: 'avatar', style: { background: colors[hash % colors.length] }, text: letter });
  }

  function shortDate(raw) {
    const d = new Date(raw);
    if (Number.isNaN(d.getTime())) return '';
    const now = new Date();
    if (d.toDateString() === now.toDateString()) return d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    return d.toLocaleDateString([], { day: 'numeric', month: 'short' });
  }

  async function loadInbox() {
    const list = $('inbox');
    try {
      state.inbox = await getJSON(`/sandbox/api/inbox?as=${encodeURIComponent(state.user)}`);
    } catch (e) {
      state.inbox = [];
      list.replaceChildren(h('li', { class: 'empty-note', text: `The Gmail stand-in could not be read: ${e.message}` }));
      return;
    }
    renderInbox();
  }

  // New mail arrives as in Gmail (Sharebook's invitations, say), without disturbing the list
  // while nothing changed.
  async function refreshInbox() {
    let fresh;
    try {
      fresh = await getJSON(`/sandbox/api/inbox?as=${encodeURIComponent(state.user)}`);
    } catch (e) {
      return;
    }
    const ids = (list) => list.map((m) => m.id).join(' ');
    if (ids(fresh) !== ids(state.inbox)) {
      state.inbox = fresh;
      renderInbox();
    }
  }

  function renderInbox() {
    const list = $('inbox');
    $('inbox-title').textContent = `Inbox (${state.inbox.length})`;
    if (!state.inbox.length) {
      list.replaceChildren(h('li', { class: 'empty-note', text: 'No messages.' }));
      return;
    }
    list.replaceChildren(...state.inbox.map((m) => h('li', {
      class: m.id === state.messageId ? 'selected' : null,
      'data-message-id': m.id,
      tabindex: 0,
      onclick: () => openMessage(m.id),
      onkeydown: (e) => { if (e.key === 'Enter') openMessage(m.id); },
    },
    avatar(m.fromName, m.from),
    h('div', { class: 'from', text: m.fromName }),
    h('div', { class: 'when', text: shortDate(m.date) }),
    h('div', { class: 'subject', text: m.subject || '(no subject)' }),
    h('div', { class: 'snippet', text: m.snippet }))));
  }

  function openMessage(id) {
    const m = state.inbox.find((x) => x.id === id);
    if (!m) return;
    state.messageId = id;
    state.draft = null;
    renderInbox();
    const reader = $('reader');
    reader.replaceChildren(
      h('div', { class: 'reader-toolbar' },
        h('button', { class: 'link-button', type: 'button', text: '← Back to inbox', onclick: closeMessage })),
      h('h1', { text: m.subject || '(no subject)' }),
      h('div', { class: 'meta' },
        avatar(m.fromName, m.from),
        h('div', {},
          h('div', { class: 'line' }, h('b', { text: m.fromName }), ` <${addressOf(m.from)}>`),
          h('div', { class: 'line', text: `to ${m.to}` }),
          m.cc ? h('div', { class: 'line', text: `cc ${m.cc}` }) : null,
          h('div', { class: 'line', text: new Date(m.date).toLocaleString() }))),
      h('div', { class: 'body', text: `${m.snippet}\n\n…` }),
      h('div', { class: 'stand-in-note', text: 'The Gmail stand-in keeps headers and the first lines only. Opening this email fired the add-on\'s contextual trigger, as Gmail does.' }));
    fireTrigger('message');
  }

  function addressOf(header) {
    const m = /<([^>]+)>/.exec(header || '');
    return m ? m[1] : header;
  }

  function closeMessage() {
    state.messageId = null;
    state.draft = null;
    renderInbox();
    renderReaderEmpty();
    fireTrigger('home');
  }

  function renderReaderEmpty() {
    $('reader').replaceChildren(h('div', { class: 'reader-empty' },
      h('p', { text: 'Open an email to see who its people are in Sharebook, or compose one and click “Insert shared contacts” to add a label\'s addresses.' }),
      h('p', { text: 'The panel on the right is the add-on, rendered from its card JSON as Gmail would.' })));
  }

  function openCompose() {
    state.messageId = null;
    state.draft = { to: '', cc: '', bcc: '', subject: '', body: '' };
    renderInbox();
    renderCompose([]);
    state.epoch += 1;
    state.context = 'compose';
    state.stack = [];
    renderPanel();
    toast('Use the Sharebook button at the bottom of the draft, as in Gmail');
  }

  function renderCompose(changed) {
    const d = state.draft;
    if (!d) return;
    const field = (key, label) => {
      const input = h('input', { id: `draft-${key}`, 'aria-label': label, class: changed.includes(key) ? 'flash' : null });
      input.value = d[key];
      input.addEventListener('input', () => { d[key] = input.value; });
      return h('div', { class: 'compose-row' }, h('label', { for: `draft-${key}`, text: label }), input);
    };
    const body = h('textarea', { id: 'draft-body', class: 'compose-body', 'aria-label': 'Message body' });
    body.value = d.body;
    body.addEventListener('input', () => { d.body = body.value; });
    const composeActions = (state.addon.compose || []).map((a) => h('button', {
      class: 'gw-button addon-compose-button',
      type: 'button',
      title: a.label,
      onclick: () => fireTrigger('compose'),
    }, svgIcon('group'), h('span', { text: a.label })));
    $('reader').replaceChildren(
      h('div', { class: 'reader-toolbar' },
        h('button', { class: 'link-button', type: 'button', text: '← Discard draft', onclick: closeMessage })),
      h('div', { class: 'compose-window' },
        h('div', { class: 'compose-head', text: 'New message' }),
        field('to', 'To'),
        field('cc', 'Cc'),
        field('bcc', 'Bcc'),
        field('subject', 'Subject'),
        body,
        h('div', { class: 'compose-actions' },
          h('button', { class: 'send-button', type: 'button', disabled: true, title: 'Sending is not simulated', text: 'Send' }),
          composeActions)));
  }

  // ------------------------------------------------------------ Google Contacts

  // The pane is editable: what a user does in Google Contacts, applied to the stand-in as the
  // selected user; the sync reads it back. While a form of it is open, it is not refreshed.
  const gc = { editing: false, data: null };

  async function refreshContacts() {
    const box = $('google-contacts');
    const user = state.user;
    if (!user || gc.editing) return;
    let response;
    try {
      response = await fetch(`/sandbox/people/${encodeURIComponent(user)}`, { headers: { accept: 'application/json' } });
    } catch (e) {
      if (user === state.user) box.replaceChildren(h('div', { class: 'gc-unavailable', text: 'Google Contacts stand-in not reachable' }));
      return;
    }
    if (user !== state.user || gc.editing) return;
    if (response.status === 404) {
      box.replaceChildren(h('div', { class: 'gc-unavailable', text: 'Google Contacts stand-in not available' }));
      return;
    }
    const data = await response.json().catch(() => null);
    if (!response.ok || !data) {
      box.replaceChildren(h('div', { class: 'gc-unavailable', text: `Google Contacts stand-in answered HTTP ${response.status}` }));
      return;
    }
    if (gc.editing) return;
    gc.data = data;
    renderContacts(data);
  }

  async function changeContacts(change) {
    const response = await fetch(`/sandbox/people/${encodeURIComponent(state.user)}/change`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(change),
    }).catch(() => null);
    gc.editing = false;
    if (!response || !response.ok) {
      const why = response ? (await response.json().catch(() => ({}))).error : 'not reachable';
      toast(`Google Contacts: ${why || 'refused'}`);
    }
    refreshContacts();
  }

  /// An inline form in the pane: `fields` [name, label, value], `submit` gets the values.
  function inlineForm(cls, fields, submitText, submit) {
    gc.editing = true;
    const inputs = fields.map(([name, label, value]) => h('input', { name: `gc-${name}`, placeholder: label, 'aria-label': label, value: value || '' }));
    return h('form', { class: `gc-form ${cls}`, onsubmit: (e) => {
      e.preventDefault();
      const values = {};
      fields.forEach(([name], i) => { values[name] = inputs[i].value; });
      submit(values);
    } },
    inputs,
    h('div', { class: 'gc-form-actions' },
      h('button', { type: 'submit', class: 'gc-save', text: submitText }),
      h('button', { type: 'button', class: 'gc-cancel', text: 'Cancel', onclick: () => { gc.editing = false; renderContacts(gc.data); } })));
  }

  function renderContacts(data) {
    const groups = Array.isArray(data.groups) ? data.groups : [];
    const people = Array.isArray(data.people) ? data.people : [];
    const userGroups = groups.filter((g) => !g.system);
    const list = (v) => (Array.isArray(v) ? v.map(String) : []);
    const small = (cls, text, title, onclick) => h('button', { type: 'button', class: `gc-action ${cls}`, text, title, onclick });
    const chip = (g) => h('span', { class: 'gc-chip' + (g.ours ? ' ours' : ''), title: g.resourceName || '', 'data-group': g.resourceName || '' },
      svgIcon('label'), `${g.name} (${g.memberCount ?? 0})`,
      g.system ? null : small('gc-rename', '✎', `Rename ${g.name}`, (e) => {
        e.stopPropagation();
        e.currentTarget.closest('.gc-chip').replaceWith(inlineForm('gc-rename-form', [['name', 'Label name', g.name]], 'Rename',
          (v) => changeContacts({ op: 'rename_group', group: g.resourceName, name: v.name })));
      }),
      g.system ? null : small('gc-delete-group', '×', `Delete ${g.name} (its contacts stay)`, () => changeContacts({ op: 'delete_group', group: g.resourceName })));
    const person = (p) => {
      const row = h('div', { class: 'gc-person', title: p.resourceName || '', 'data-resource': p.resourceName || '' },
        h('div', {}, h('span', { class: 'gc-name', text: p.name || '(no name)' }),
          p.ours ? h('span', { class: 'gc-badge', text: 'by Sharebook' }) : null,
          small('gc-edit', 'Edit', `Edit ${p.name || ''}`, () => {
            row.replaceWith(inlineForm('gc-edit-form', [
              ['name', 'Name', p.name], ['email', 'Email', list(p.emails)[0]], ['phone', 'Phone', list(p.phones)[0]], ['organization', 'Company', p.organization],
            ], 'Save', (v) => changeContacts({ op: 'edit', person: p.resourceName, ...v })));
          }),
          small('gc-delete', 'Delete', `Delete ${p.name || ''}`, () => changeContacts({ op: 'delete', person: p.resourceName }))),
        h('div', { class: 'gc-detail', text: [...list(p.emails), ...list(p.phones), p.organization || ''].filter(Boolean).join(' · ') }),
        list(p.groups).length ? h('div', { class: 'gc-detail' }, list(p.groups).map((name, i) => {
          const id = list(p.groupIds).filter((gid) => userGroups.some((g) => g.resourceName === gid))[i];
          return h('span', { class: 'gc-in' }, name, id ? small('gc-remove', '×', `Take out of ${name}`, () => changeContacts({ op: 'remove', person: p.resourceName, group: id })) : null, ' ');
        })) : null);
      return row;
    };
    const adder = userGroups.length
      ? small('gc-new', 'New contact', 'Add a contact to a label', (e) => {
        const form = inlineForm('gc-new-form', [['name', 'Name', ''], ['email', 'Email', '']], 'Add', (v) => changeContacts({ op: 'create', group: select.value, ...v }));
        const select = h('select', { name: 'gc-group', 'aria-label': 'Label' }, userGroups.map((g) => h('option', { value: g.resourceName, text: g.name })));
        form.insertBefore(select, form.lastChild);
        e.currentTarget.replaceWith(form);
      })
      : null;
    $('google-contacts').replaceChildren(
      h('div', { class: 'gc-groups' }, groups.length ? groups.map(chip) : h('span', { class: 'gc-unavailable', text: 'No labels.' })),
      adder,
      h('div', {}, people.length ? people.map(person) : h('div', { class: 'gc-unavailable', text: 'No contacts.' })));
  }

  // ------------------------------------------------------------------ Capsule CRM

  // The demo Capsule account, editable as a Capsule user would; its changes reach the label it
  // feeds (at the next poll, every 3 s in `dev`). While a form of it is open, it is not refreshed.
  const cp = { editing: false, data: null, account: 'acme-sales' };

  async function refreshCapsule() {
    if (cp.editing) return;
    const response = await fetch(`/sandbox/capsule/${cp.account}`, { headers: { accept: 'application/json' } }).catch(() => null);
    if (cp.editing) return;
    const data = response && response.ok ? await response.json().catch(() => null) : null;
    if (!data) {
      $('capsule').replaceChildren(h('div', { class: 'gc-unavailable', text: 'Capsule stand-in not available' }));
      return;
    }
    cp.data = data;
    renderCapsule(data);
  }

  async function changeCapsule(change) {
    const response = await fetch(`/sandbox/capsule/${cp.account}/change`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(change),
    }).catch(() => null);
    cp.editing = false;
    if (!response || !response.ok) toast('Capsule: refused');
    refreshCapsule();
  }

  function capsuleForm(id, fields, submitText, submit) {
    cp.editing = true;
    const inputs = fields.map(([name, label, value]) => h('input', { name: `cp-${name}`, id: `capsule-${id}-${name}`, placeholder: label, 'aria-label': label, value: value || '' }));
    return h('form', { class: 'gc-form', id: `capsule-${id}-form`, onsubmit: (e) => {
      e.preventDefault();
      const values = {};
      fields.forEach(([name], i) => { values[name] = inputs[i].value; });
      submit(values);
    } },
    inputs,
    h('div', { class: 'gc-form-actions' },
      h('button', { type: 'submit', class: 'gc-save', id: `capsule-${id}-save`, text: submitText }),
      h('button', { type: 'button', class: 'gc-cancel', text: 'Cancel', onclick: () => { cp.editing = false; renderCapsule(cp.data); } })));
  }

  function renderCapsule(data) {
    const parties = Array.isArray(data.parties) ? data.parties : [];
    const list = (v) => (Array.isArray(v) ? v.map(String) : []);
    const small = (id, text, title, onclick) => h('button', { type: 'button', class: 'gc-action', id, text, title, onclick });
    const party = (p) => {
      const row = h('div', { class: 'gc-person cp-party', id: `capsule-party-${p.id}` },
        h('div', {}, h('span', { class: 'gc-name', text: p.name || '(no name)' }),
          small(`capsule-edit-${p.id}`, 'Edit', `Edit ${p.name}`, () => {
            row.replaceWith(capsuleForm('edit', [
              ['first', p.type === 'organisation' ? 'Name' : 'First name', p.first], ['last', 'Last name', p.last],
              ['email', 'Email', list(p.emails)[0]], ['title', 'Job title', p.title],
            ], 'Save', (v) => changeCapsule({ op: 'edit', id: p.id, ...v })));
          }),
          small(`capsule-delete-${p.id}`, 'Delete', `Delete ${p.name}`, () => changeCapsule({ op: 'delete', id: p.id }))),
        h('div', { class: 'gc-detail', text: [p.title, ...list(p.emails), ...list(p.phones)].filter(Boolean).join(' · ') || 'no email, phone or address' }),
        list(p.tags).length ? h('div', { class: 'gc-detail', text: `Tags: ${list(p.tags).join(', ')}` }) : null);
      return row;
    };
    const adder = small('capsule-add', 'New person', 'Add a person in Capsule', (e) => {
      e.currentTarget.replaceWith(capsuleForm('add', [['first', 'First name', ''], ['last', 'Last name', ''], ['email', 'Email', ''], ['tags', 'Tags (comma-separated)', '']],
        'Add', (v) => changeCapsule({ op: 'add', ...v })));
    });
    $('capsule').replaceChildren(
      h('div', { class: 'gc-detail' }, 'Token to paste in the add-on: ', h('span', { class: 'cp-token', id: 'capsule-token', text: data.token || '(none)' }),
        data.hooks ? ` · ${data.hooks} REST hooks subscribed` : ''),
      adder,
      h('div', {}, parties.length ? parties.map(party) : h('div', { class: 'gc-unavailable', text: 'No parties.' })));
  }

  // ------------------------------------------------------------------ start

  function switchUser(email) {
    state.user = email;
    const url = new URL(window.location.href);
    url.searchParams.set('as', email);
    window.history.replaceState(null, '', url);
    $('user-switcher').value = email;
    state.messageId = null;
    state.draft = null;
    hideError();
    hideToast();
    renderReaderEmpty();
    $('google-contacts').replaceChildren();
    gc.editing = false;
    refreshContacts();
    fireTrigger('home');
    loadInbox();
  }

  function frameIcons() {
    $('panel-back').append(svgIcon('arrow_back'));
    $('panel-home').append(svgIcon('home'));
    $('panel-menu').append(svgIcon('more_vert'));
    $('rail-addon').append(svgIcon('group'));
    const logo = $('panel-logo');
    logo.addEventListener('error', () => { logo.hidden = true; });
    if (state.addon.logoUrl) logo.src = state.addon.logoUrl;
    else logo.hidden = true;
    $('panel-title').textContent = addonName();
    $('rail-addon').title = addonName();
  }

  async function boot() {
    try {
      [state.users, state.addon] = await Promise.all([getJSON('/sandbox/api/users'), getJSON('/sandbox/api/addon')]);
    } catch (e) {
      document.body.replaceChildren(h('p', { class: 'empty-note', text: `The sandbox is not answering: ${e.message}` }));
      return;
    }
    frameIcons();
    const switcher = $('user-switcher');
    switcher.replaceChildren(...state.users.map((u) => h('option', { value: u.email, text: `${u.name} <${u.email}> · ${u.about}` })));
    switcher.addEventListener('change', () => switchUser(switcher.value));
    const locales = $('locale-switcher');
    const lang = new URL(window.location.href).searchParams.get('lang');
    if (lang && [...locales.options].some((o) => o.value === lang)) {
      state.locale = lang;
      locales.value = lang;
    }
    // Another language: the homepage again, as Gmail would show it after its settings change.
    locales.addEventListener('change', () => {
      state.locale = locales.value;
      const url = new URL(window.location.href);
      url.searchParams.set('lang', state.locale);
      window.history.replaceState(null, '', url);
      switchUser(state.user);
    });
    $('compose-button').addEventListener('click', openCompose);
    $('panel-back').addEventListener('click', () => {
      if (state.busy || state.stack.length < 2) return;
      state.stack.pop();
      renderPanel();
    });
    $('panel-home').addEventListener('click', closeMessage);
    $('rail-addon').addEventListener('click', () => {
      if (state.context === 'message' && state.messageId) fireTrigger('message');
      else if (state.context === 'compose' && state.draft) fireTrigger('compose');
      else fireTrigger('home');
    });
    $('panel-menu').addEventListener('click', (e) => {
      e.stopPropagation();
      $('panel-menu-list').hidden = !$('panel-menu-list').hidden;
    });
    document.addEventListener('click', closeMenu);
    const wanted = new URL(window.location.href).searchParams.get('as');
    if (wanted && !state.users.some((u) => u.email === wanted)) {
      switcher.append(h('option', { value: wanted, text: `${wanted} · not a demo user` }));
    }
    switchUser(wanted || (state.users[0] && state.users[0].email));
    setInterval(refreshContacts, 2000);
    setInterval(refreshInbox, 2000);
    refreshCapsule();
    setInterval(refreshCapsule, 2000);
  }

  // For the browser test: how card text becomes nodes, and how an answer of the add-on is shown.
  window.sharebookSandbox = {
    richText: (text) => richText(text).innerHTML,
    showAnswer: (status, body, trigger) => handleAnswer(status, body, { trigger: Boolean(trigger) }),
  };

  boot();
})();
