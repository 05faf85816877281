/* Klachtwijzer embed: put <div id="klachtwijzer" data-organisation="your-id"></div> and this
 * script on a page; the chat appears in that element. Optional: data-lang="en", data-height="40rem". */
(function () {
  'use strict';
  var TITLES = __KLACHTWIJZER_FRAME_TITLES__;
  var script = document.currentScript;
  var origin = script && script.src ? new URL(script.src, location.href).origin : location.origin;

  function mount(host) {
    if (!host || host.getAttribute('data-klachtwijzer-ready')) return;
    host.setAttribute('data-klachtwijzer-ready', '1');
    var org = host.getAttribute('data-organisation') || '';
    var lang = (host.getAttribute('data-lang') || document.documentElement.lang || 'nl').slice(0, 2).toLowerCase();
    if (lang !== 'en') lang = 'nl';
    var height = host.getAttribute('data-height') || '';
    if (!/^\d{1,4}(px|rem|em|vh)$/.test(height)) height = '44rem';
    var params = 'lang=' + lang + '&embed=1';
    if (/^[a-z0-9-]{1,64}$/.test(org)) params += '&org=' + org;
    var frame = document.createElement('iframe');
    frame.src = origin + '/?' + params;
    frame.title = TITLES[lang];
    frame.setAttribute('style', 'display:block;width:100%;max-width:100%;height:' + height + ';max-height:100vh;border:0;');
    host.appendChild(frame);
  }

  function run() {
    var hosts = document.querySelectorAll('#klachtwijzer, [data-klachtwijzer]');
    for (var i = 0; i < hosts.length; i++) mount(hosts[i]);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', run);
  else run();
})();
