/* Klachtwijzer chat page: Web Chat for the transcript, our own answer box for input.
 * Plain ES2018 without a build step; every sentence comes from the server (#kw-config). */
(function () {
  'use strict';

  var config = JSON.parse(document.getElementById('kw-config').textContent);
  var texts = config.texts;
  // Free-text steps that may need several lines; other text steps are one line (names, places).
  var LONG_TEXT = ['description', 'desired_outcome', 'late_reason', 'prior_conversations', 'why_insufficient'];
  var AUTOCOMPLETE = { full_name: 'name', email: 'email', phone: 'tel' };
  var INPUT_TYPE = { email: 'email', phone: 'tel' };
  var INPUT_MODE = { email: 'email', phone: 'tel', number: 'numeric' };
  var STATUS = { online: 2, expiredToken: 3, failedToConnect: 4, ended: 5 };
  // Per organisation, not per language: switching the page's language keeps the conversation,
  // and tells the bot at once (an event `language`), which asks the open question again in it.
  var storageKey = 'klachtwijzer.conversation.' + (config.organisation || '-');

  var $ = function (id) { return document.getElementById(id); };
  var ui = {
    composer: $('kw-composer'),
    line: $('kw-answer'),
    long: $('kw-answer-long'),
    label: $('kw-answer-label'),
    hint: $('kw-hint'),
    error: $('kw-composer-error'),
    question: $('kw-question'),
    choices: $('kw-choices'),
    progress: $('kw-progress'),
    progressText: $('kw-progress-text'),
    progressBar: $('kw-progress-bar'),
    transcript: $('kw-webchat'),
    loading: $('kw-loading'),
    status: $('kw-status'),
    ended: $('kw-ended'),
    restart: $('kw-restart'),
    person: $('kw-person-route'),
    final: $('kw-final'),
    finalHeading: $('kw-final-heading'),
    finalRef: $('kw-final-ref'),
    finalText: $('kw-final-text'),
    print: $('kw-print'),
    copy: $('kw-copy'),
    copyStatus: $('kw-copy-status')
  };

  // `said`: what the bot said since the person's last message (the receipt, at the end).
  var state = { step: null, expects: null, userActed: false, follow: false, said: [], store: null, directLine: null, session: null };

  // Markdown marks are noise for a screen reader and in plain text: **bold**, [text](link).
  function plain(text) {
    return String(text || '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/\*\*|__|`/g, '');
  }

  // The question itself: the last paragraph of a prompt (the ones before explain it).
  function questionOf(text) {
    var parts = plain(text).split(/\n\s*\n/).map(function (p) { return p.trim(); }).filter(Boolean);
    return parts.length ? parts[parts.length - 1] : '';
  }

  function fill(template, values) {
    return String(template).replace(/\{\{(\w+)\}\}/g, function (m, key) {
      return values[key] === undefined ? m : String(values[key]);
    });
  }

  // sessionStorage: the conversation survives a reload, and is gone when the tab closes.
  function readSession() {
    try { return JSON.parse(sessionStorage.getItem(storageKey) || 'null'); } catch (e) { return null; }
  }
  function saveSession(s) {
    try { sessionStorage.setItem(storageKey, JSON.stringify(s)); } catch (e) { /* private mode: no resume */ }
  }
  function clearSession() {
    try { sessionStorage.removeItem(storageKey); } catch (e) { /* nothing kept */ }
  }

  function localDomain() { return location.origin + '/v3/directline'; }

  function postJson(url, token, body) {
    var headers = { 'Content-Type': 'application/json' };
    if (token) headers.Authorization = 'Bearer ' + token;
    return fetch(url, { method: 'POST', headers: headers, body: JSON.stringify(body || {}), credentials: 'omit' }).then(function (res) {
      if (!res.ok) throw new Error('HTTP ' + res.status);
      return res.json();
    });
  }

  function getSession() {
    var saved = readSession();
    var fresh = function () {
      return postJson('/api/directline/token', null, { organisation: config.organisation || undefined, locale: config.lang }).then(function (s) {
        s.lang = config.lang;
        saveSession(s);
        return s;
      });
    };
    if (!saved || !saved.token) return fresh();
    return postJson((saved.domain || localDomain()) + '/tokens/refresh', saved.token).then(function (r) {
      saved.token = r.token;
      saved.resumed = true;
      if (saved.lang !== config.lang) saved.switchLanguage = true;
      saved.lang = config.lang;
      saveSession(saved);
      return saved;
    }, function () {
      clearSession();
      return fresh();
    });
  }

  function showStatus(text) {
    ui.status.textContent = text;
    ui.status.hidden = !text;
  }

  // ---- answer box ---------------------------------------------------------------------------

  function activeField() { return ui.long.hidden ? ui.line : ui.long; }

  function composerHasFocus() {
    var el = document.activeElement;
    return !el || el === document.body || ui.composer.contains(el);
  }

  function configureInput(step, expects) {
    var hadFocus = document.activeElement === ui.line || document.activeElement === ui.long;
    var typed = activeField().value;
    var long = expects === 'text' && LONG_TEXT.indexOf(step) >= 0;
    ui.line.hidden = long;
    ui.long.hidden = !long;
    ui.line.type = INPUT_TYPE[expects] || 'text';
    ui.line.inputMode = INPUT_MODE[expects] || 'text';
    ui.line.autocomplete = AUTOCOMPLETE[step] || 'off';
    activeField().value = typed;
    ui.label.htmlFor = activeField().id;
    var hint = long ? 'longText' : expects && texts.hints[expects] ? expects : 'none';
    ui.hint.textContent = texts.hints[hint];
    if (hadFocus) activeField().focus();
  }

  function clearChoices() {
    ui.choices.textContent = '';
    ui.choices.hidden = true;
  }

  function renderChoices(actions) {
    clearChoices();
    actions.forEach(function (action) {
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'kw-button kw-choice';
      button.textContent = action.title || action.text || String(action.value);
      if (typeof action.value === 'string') button.setAttribute('data-value', action.value);
      button.addEventListener('click', function () { sendAction(action); });
      ui.choices.appendChild(button);
    });
    ui.choices.hidden = actions.length === 0;
  }

  // Focus follows the conversation only after the visitor has answered once, and only when it
  // is in the answer box already (or was on a choice that is gone): never pulled from elsewhere.
  function focusAnswer() {
    if (!state.userActed || !composerHasFocus()) return;
    var field = activeField();
    if (document.activeElement === field && field.value) return;
    var first = ui.choices.hidden ? null : ui.choices.querySelector('button');
    (state.expects === 'choice' && first ? first : field).focus();
  }

  // After the person's answer: the newest messages and the question are brought into view. Someone
  // who scrolls up to read keeps their place until they answer (Web Chat then shows its own
  // "new messages" button).
  function followConversation() {
    if (!state.follow) return;
    state.follow = false;
    setTimeout(function () {
      var scroller = ui.transcript.querySelector('.webchat__basic-transcript__scrollable');
      if (scroller) scroller.scrollTop = scroller.scrollHeight;
      var box = ui.composer.getBoundingClientRect();
      if (box.bottom > window.innerHeight || box.top < 0) ui.composer.scrollIntoView({ block: 'end' });
    }, 60);
  }

  // Someone who scrolls the transcript up (after answering, while the reply comes) is reading:
  // their place is kept until they answer, and the "new messages" button takes them down.
  function watchScroll() {
    var scroller = ui.transcript.querySelector('.webchat__basic-transcript__scrollable');
    if (!scroller || scroller === state.scroller) return;
    state.scroller = scroller;
    var last = scroller.scrollTop;
    scroller.addEventListener('scroll', function () {
      if (scroller.scrollTop < last - 2) state.follow = false;
      last = scroller.scrollTop;
    }, { passive: true });
  }

  function showFinal(reference) {
    ui.finalRef.textContent = reference;
    ui.finalText.textContent = '';
    state.said.forEach(function (text) {
      plain(text).split(/\n\s*\n/).forEach(function (para) {
        if (!para.trim()) return;
        var p = document.createElement('p');
        p.textContent = para.trim();
        ui.finalText.appendChild(p);
      });
    });
    ui.final.hidden = false;
    ui.ended.hidden = false;
    setTimeout(function () {
      ui.final.scrollIntoView({ block: 'start' });
      if (state.userActed) ui.finalHeading.focus();
    }, 60);
  }

  function setProgress(progress) {
    if (!progress || !(progress.total > 0)) return;
    var current = Math.min(progress.current, progress.total);
    ui.progressText.textContent = fill(texts['progress.label'], { current: current, total: progress.total });
    ui.progressBar.max = progress.total;
    ui.progressBar.value = current;
    ui.progress.hidden = false;
  }

  function dispatch(action) {
    state.userActed = true;
    state.follow = true;
    ui.error.textContent = '';
    state.store.dispatch(action);
  }

  function sendText() {
    var field = activeField();
    var text = field.value.trim();
    if (!text) {
      // Buttons are named only when there are buttons.
      ui.error.textContent = texts[ui.choices.hidden ? 'composer.emptyText' : 'composer.empty'];
      field.focus();
      return;
    }
    dispatch({ type: 'WEB_CHAT/SEND_MESSAGE', payload: { text: text, method: 'keyboard' } });
    field.value = '';
    clearChoices();
  }

  function sendAction(action) {
    if (action.type === 'openUrl') {
      window.open(action.value, '_blank', 'noopener');
      return;
    }
    if (action.type === 'messageBack') {
      dispatch({ type: 'WEB_CHAT/SEND_MESSAGE_BACK', payload: { displayText: action.displayText, text: action.text, value: action.value } });
    } else if (action.type === 'postBack') {
      dispatch({ type: 'WEB_CHAT/SEND_POST_BACK', payload: { value: action.value } });
    } else {
      dispatch({ type: 'WEB_CHAT/SEND_MESSAGE', payload: { text: String(action.value !== undefined ? action.value : action.title), method: 'keyboard' } });
    }
    if (state.step === 'organisation' && typeof action.value === 'string') loadContact(action.value);
    clearChoices();
    // The button pressed is gone; the answer box keeps the focus until the next question.
    activeField().focus();
  }

  ui.composer.addEventListener('submit', function (event) {
    event.preventDefault();
    sendText();
  });
  ui.long.addEventListener('keydown', function (event) {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      sendText();
    }
  });
  ui.print.addEventListener('click', function () { window.print(); });
  ui.copy.addEventListener('click', function () {
    var done = function (key) { ui.copyStatus.textContent = texts[key]; };
    if (!navigator.clipboard) return done('final.copyFailed');
    navigator.clipboard.writeText(ui.finalRef.textContent).then(function () { done('final.copied'); }, function () { done('final.copyFailed'); });
  });
  ui.restart.addEventListener('click', function () {
    clearSession();
    location.reload();
  });

  // ---- person box, when the organisation is chosen in the chat -------------------------------

  function loadContact(id) {
    if (!/^[a-z0-9-]{1,64}$/.test(id) || config.contact) return;
    fetch('/api/organisations/' + encodeURIComponent(id) + '/contact?lang=' + config.lang, { credentials: 'omit' })
      .then(function (res) { return res.ok ? res.json() : null; })
      .then(function (contact) { if (contact) renderContact(contact); })
      .catch(function () { /* the box keeps its general advice */ });
  }

  function renderContact(contact) {
    var box = document.createDocumentFragment();
    var p = function (text) { var el = document.createElement('p'); el.textContent = text; box.appendChild(el); };
    var organisation = contact.organisation.name;
    if (contact.kind === 'none') p(fill(texts['person.none'], { organisation: organisation }));
    else {
      p(contact.kind === 'website' ? fill(texts['person.websiteOnly'], { organisation: organisation }) : fill(texts['person.who'], { who: contact.who || organisation }));
      var list = document.createElement('ul');
      list.className = 'kw-contact';
      var item = function (label, href, text) {
        var li = document.createElement('li');
        var span = document.createElement('span');
        span.className = 'kw-contact__label';
        span.textContent = label;
        var a = document.createElement('a');
        a.href = href;
        a.textContent = text;
        li.appendChild(span);
        li.appendChild(document.createTextNode(' '));
        li.appendChild(a);
        list.appendChild(li);
      };
      if (contact.phone) item(texts['person.phone'], 'tel:' + contact.phone.replace(/(?!^\+)[^\d]/g, ''), contact.phone);
      if (contact.email) item(texts['person.email'], 'mailto:' + contact.email, contact.email);
      if (contact.website) item(texts['person.website'], contact.website, contact.website.replace(/^https?:\/\//, ''));
      box.appendChild(list);
    }
    ui.person.textContent = '';
    ui.person.appendChild(box);
  }

  // ---- what the bot says ---------------------------------------------------------------------

  function onActivity(activity) {
    var session = state.session;
    if (state.directLine && state.directLine.token && state.directLine.token !== session.token) {
      session.token = state.directLine.token;
      saveSession(session);
    }
    watchScroll();
    if (activity.type !== 'message') return;
    var from = activity.from || {};
    if (from.role === 'user' || from.id === session.userId) {
      clearChoices();
      state.said = [];
      return;
    }
    if (activity.text) state.said.push(activity.text);
    var data = activity.channelData || {};
    var meta = data.klachtwijzer;
    var actions = (activity.suggestedActions && activity.suggestedActions.actions) || [];
    if (meta) {
      state.step = meta.step;
      state.expects = meta.expects;
      setProgress(meta.progress);
      if (!actions.length && meta.choices) {
        actions = meta.choices.map(function (c) { return { type: 'imBack', title: c.title, value: c.title }; });
      }
      ui.ended.hidden = true;
    } else if (actions.length) {
      state.step = null;
      state.expects = 'choice';
    }
    if (meta || actions.length) {
      // The question names the answer box and the choice buttons for screen readers.
      ui.question.textContent = questionOf(activity.text) || texts['composer.choices'];
      // Where the intake is, for tests and support: which question is open, and how many came.
      ui.composer.setAttribute('data-step', state.step || '');
      ui.composer.setAttribute('data-expects', state.expects || '');
      ui.composer.setAttribute('data-prompts', String(Number(ui.composer.getAttribute('data-prompts') || '0') + 1));
      renderChoices(actions);
      configureInput(state.step, state.expects);
      focusAnswer();
      followConversation();
    }
    if (data.klachtwijzerOutcome) {
      ui.ended.hidden = false;
      if (data.klachtwijzerOutcome.outcome === 'submitted' && data.klachtwijzerOutcome.reference) showFinal(data.klachtwijzerOutcome.reference);
      else followConversation();
    }
  }

  function onConnectionStatus(status) {
    if (status === STATUS.online) {
      showStatus('');
      ui.composer.hidden = false;
      if (!state.session.started) {
        state.session.started = true;
        saveSession(state.session);
      }
      if (state.session.switchLanguage) {
        state.session.switchLanguage = false;
        saveSession(state.session);
        state.store.dispatch({ type: 'WEB_CHAT/SEND_EVENT', payload: { name: 'language', value: config.lang } });
      }
    } else if (status === STATUS.expiredToken || status === STATUS.failedToConnect || status === STATUS.ended) {
      // A conversation the server no longer has (erased after its retention time) cannot come back.
      if (status !== STATUS.failedToConnect) clearSession();
      else if (state.session && state.session.started) {
        // Next time, start rather than resume: that works whether the server was away or forgot it.
        state.session.started = false;
        saveSession(state.session);
      }
      showStatus(texts['page.unavailable']);
      ui.ended.hidden = false;
    }
  }

  function middleware() {
    return function (next) {
      return function (action) {
        if (action.type === 'DIRECT_LINE/POST_ACTIVITY') {
          var activity = action.payload.activity;
          var channelData = Object.assign({}, activity.channelData);
          if (config.organisation) channelData.organisation = config.organisation;
          action = Object.assign({}, action, {
            payload: Object.assign({}, action.payload, { activity: Object.assign({}, activity, { locale: config.locale, channelData: channelData }) })
          });
        }
        var result = next(action);
        if (action.type === 'DIRECT_LINE/INCOMING_ACTIVITY') onActivity(action.payload.activity);
        if (action.type === 'DIRECT_LINE/UPDATE_CONNECTION_STATUS') onConnectionStatus(action.payload.connectionStatus);
        if (action.type === 'DIRECT_LINE/CONNECT_REJECTED') onConnectionStatus(STATUS.failedToConnect);
        return result;
      };
    };
  }

  var styleOptions = {
    hideSendBox: true,
    hideUploadButton: true,
    sendTypingIndicator: false,
    rootHeight: '100%',
    rootWidth: '100%',
    primaryFont: 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif',
    accent: '#0b5cad',
    subtle: '#4a4a4a',
    timestampColor: '#4a4a4a',
    avatarSize: 32,
    botAvatarInitials: 'KW',
    botAvatarBackgroundColor: '#0b5cad',
    userAvatarInitials: config.lang === 'en' ? 'You' : 'U',
    userAvatarBackgroundColor: '#4a4a4a',
    bubbleBackground: '#ffffff',
    bubbleBorderColor: '#6b6b6b',
    bubbleBorderWidth: 1,
    bubbleBorderRadius: 8,
    bubbleTextColor: '#1a1a1a',
    bubbleFromUserBackground: '#eef3f8',
    bubbleFromUserBorderColor: '#0b5cad',
    bubbleFromUserBorderWidth: 1,
    bubbleFromUserBorderRadius: 8,
    bubbleFromUserTextColor: '#1a1a1a',
    bubbleMinWidth: 100,
    bubbleMaxWidth: 560,
    suggestedActionLayout: 'stacked'
  };

  function start(session) {
    state.session = session;
    var local = !session.domain;
    var options = { domain: session.domain || localDomain(), token: session.token, webSocket: !local, pollingInterval: 1000 };
    // A conversation that was under way is resumed (GET …/conversations/:id), history included;
    // one whose page closed before it connected is simply started.
    if (session.resumed && session.started) options.conversationId = session.conversationId;
    state.directLine = window.WebChat.createDirectLine(options);
    state.store = window.WebChat.createStore({}, middleware);
    if (ui.loading) ui.loading.remove();
    var props = { directLine: state.directLine, store: state.store, locale: config.locale, styleOptions: styleOptions };
    // Azure puts the user id in its token; Web Chat reads it there and ignores a userID prop.
    if (local) props.userID = session.userId;
    window.WebChat.renderWebChat(props, ui.transcript);
    ui.composer.hidden = false;
    configureInput(null, null);
  }

  if (!window.WebChat || !window.fetch) {
    showStatus(texts['page.unavailable']);
    return;
  }
  getSession().then(start, function () {
    showStatus(texts['page.unavailable']);
  });
})();
