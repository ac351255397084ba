/* Réseau live: one websocket per page (/ws/ of the commune's host).
   Notifications (badge + toast), new posts on /fil/, comments, messages and
   "vu" marks, the moderation count. Reconnects with exponential back-off, at
   once when the phone comes back online, and then fetches from the inbox what
   it missed. Without JavaScript every page
   works by reloading: this file only adds to server-rendered HTML. */
(function () {
  "use strict";
  var script = document.getElementById("live-script");
  if (!script || !("WebSocket" in window)) return;
  var me = parseInt(script.dataset.me, 10);
  var inboxUrl = script.dataset.inboxUrl;
  var text = script.dataset;
  var socket = null;
  var attempts = 0;
  var lastId = null; // the newest notification id this page knows
  var stopped = false;
  var pendingPosts = [];
  var banner = null;
  var connectedOnce = false;
  var retry = null; // the pending reconnection, while the socket is down

  function $all(selector, root) {
    return Array.prototype.slice.call((root || document).querySelectorAll(selector));
  }

  function setBadge(count) {
    $all("[data-live-unread]").forEach(function (badge) {
      badge.textContent = String(count);
      badge.hidden = count <= 0;
      badge.dataset.liveUnread = String(count);
    });
  }

  function bumpBadge() {
    var badges = $all("[data-live-unread]");
    var current = badges.length ? parseInt(badges[0].textContent, 10) || 0 : 0;
    setBadge(current + 1);
  }

  function toastArea() {
    var area = document.getElementById("live-toasts");
    if (!area) {
      area = document.createElement("div");
      area.id = "live-toasts";
      area.className = "live-toasts";
      area.setAttribute("role", "status");
      area.setAttribute("aria-live", "polite");
      document.body.appendChild(area);
    }
    return area;
  }

  function toast(event) {
    var item = document.createElement(event.url ? "a" : "div");
    item.className = "live-toast";
    if (event.url) item.href = event.url;
    item.textContent = event.title || "";
    item.dataset.notificationId = event.id;
    toastArea().appendChild(item);
    setTimeout(function () { item.remove(); }, 8000);
  }

  function onNotification(event, fromInbox) {
    if (lastId !== null && event.id <= lastId) return; // already shown
    lastId = Math.max(lastId || 0, event.id);
    if (!fromInbox) bumpBadge();
    toast(event);
  }

  function fetchFragment(url) {
    return fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "live" } })
      .then(function (response) { return response.ok ? response.text() : ""; });
  }

  function insertHtml(container, html, atTop) {
    if (!html) return;
    var holder = document.createElement("template");
    holder.innerHTML = html.trim();
    var nodes = Array.prototype.slice.call(holder.content.childNodes);
    nodes.forEach(function (node) {
      if (atTop) container.insertBefore(node, container.firstChild);
      else container.appendChild(node);
    });
  }

  function showPendingPosts(feed) {
    var events = pendingPosts.splice(0).reverse(); // oldest first, each goes on top
    if (banner) { banner.remove(); banner = null; }
    events.reduce(function (chain, event) {
      return chain.then(function () {
        return fetchFragment(event.fragment_url).then(function (html) { insertHtml(feed, html, true); });
      });
    }, Promise.resolve());
  }

  function onPostPublished(event) {
    var feed = document.querySelector("[data-live-feed]");
    if (!feed) return;
    // The list was fetched again (an htmx filter): it holds what was pending.
    if (banner && !banner.isConnected) { banner = null; pendingPosts = []; }
    pendingPosts.push(event);
    if (!banner) {
      banner = document.createElement("p");
      banner.className = "live-banner";
      banner.setAttribute("role", "status");
      feed.parentNode.insertBefore(banner, feed);
    }
    var label = pendingPosts.length === 1
      ? text.textNewOne
      : text.textNewMany.replace("{count}", String(pendingPosts.length));
    banner.textContent = label + " — ";
    var show = document.createElement("button");
    show.type = "button";
    show.className = "link";
    show.textContent = text.textShow;
    show.addEventListener("click", function () { showPendingPosts(feed); });
    banner.appendChild(show);
  }

  function feedCards(postId) {
    return $all('[data-live-feed] [data-post-id="' + postId + '"]');
  }

  function onPostUpdated(event) {
    // Its author edited it: the cards on this page show the new version.
    feedCards(event.post_id).forEach(function (card) {
      fetchFragment(event.fragment_url).then(function (html) {
        if (!html || !card.parentNode) return;
        var holder = document.createElement("template");
        holder.innerHTML = html.trim();
        card.replaceWith(holder.content);
      });
    });
  }

  function onPostRemoved(event) {
    // Deleted, or back in the moderators' queue after an edit.
    feedCards(event.post_id).forEach(function (card) { card.remove(); });
    pendingPosts = pendingPosts.filter(function (pending) { return pending.post_id !== event.post_id; });
    if (banner && !pendingPosts.length) { banner.remove(); banner = null; }
  }

  function appendOnce(selector, idAttribute, event, id) {
    $all(selector).forEach(function (list) {
      if (list.querySelector("[" + idAttribute + '="' + id + '"]')) return;
      fetchFragment(event.fragment_url).then(function (html) {
        if (!list.querySelector("[" + idAttribute + '="' + id + '"]')) insertHtml(list, html, false);
      });
    });
  }

  function onMessageSeen(event) {
    if (event.reader_id === me) return;
    $all('[data-live-messages][data-conversation-id="' + event.conversation_id + '"] [data-message-id]')
      .forEach(function (item) {
        if (parseInt(item.dataset.messageId, 10) > event.up_to_id) return;
        if (item.querySelector(".live-seen")) return;
        var mark = document.createElement("span");
        mark.className = "live-seen";
        mark.textContent = text.textSeen;
        item.appendChild(mark);
      });
  }

  function handle(event) {
    switch (event.type) {
      case "notification": onNotification(event, false); break;
      case "post.published": onPostPublished(event); break;
      case "post.updated": onPostUpdated(event); break;
      case "post.removed": onPostRemoved(event); break;
      case "comment.created":
        appendOnce('[data-live-comments][data-post-id="' + event.post_id + '"]', "data-comment-id", event, event.comment_id);
        break;
      case "message.created":
        appendOnce('[data-live-messages][data-conversation-id="' + event.conversation_id + '"]', "data-message-id", event, event.message_id);
        break;
      case "message.seen": onMessageSeen(event); break;
      case "moderation.count":
        $all("[data-live-moderation-count]").forEach(function (el) { el.textContent = String(event.count); });
        break;
      case "account.suspended": stopped = true; break;
      default: break;
    }
    document.dispatchEvent(new CustomEvent("live:event", { detail: event }));
  }

  function catchUp() {
    // Whatever arrived while the socket was down is in the inbox.
    var url = inboxUrl + (lastId !== null ? "?after=" + lastId : "");
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) return;
        if (lastId === null) lastId = data.last_id;
        data.items.forEach(function (item) { onNotification(item, true); });
        lastId = Math.max(lastId, data.last_id);
        setBadge(data.unread);
      })
      .catch(function () {});
  }

  function subscribe() {
    $all("[data-live-comments][data-post-id]").forEach(function (el) {
      socket.send(JSON.stringify({ subscribe: "post", id: parseInt(el.dataset.postId, 10) }));
    });
    $all("[data-live-messages][data-conversation-id]").forEach(function (el) {
      socket.send(JSON.stringify({ subscribe: "conversation", id: parseInt(el.dataset.conversationId, 10) }));
    });
  }

  function connect() {
    if (stopped) return;
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var mine = new WebSocket(scheme + location.host + "/ws/");
    socket = mine;
    socket.addEventListener("open", function () {
      attempts = 0;
      document.documentElement.dataset.live = "connected";
      subscribe();
      // First connection: learn where the inbox stands; later: fetch what was missed.
      catchUp();
      connectedOnce = true;
    });
    socket.addEventListener("message", function (message) {
      var event;
      try { event = JSON.parse(message.data); } catch (e) { return; }
      handle(event);
    });
    socket.addEventListener("close", function (closing) {
      if (mine !== socket) return; // replaced already (back online)
      document.documentElement.dataset.live = "disconnected";
      if (closing.code === 4403 || closing.code === 4401) stopped = true;
      if (stopped) return;
      // Exponential back-off with jitter: 1 s, 2 s, 4 s … at most 60 s.
      var delay = Math.min(60000, 1000 * Math.pow(2, attempts)) * (0.5 + Math.random() / 2);
      attempts += 1;
      retry = setTimeout(connect, delay);
    });
  }

  // Back online (out of a tunnel, off airplane mode): reconnect now rather
  // than at the end of the back-off; the open handler then catches up.
  window.addEventListener("online", function () {
    if (stopped || (socket && socket.readyState === WebSocket.OPEN)) return;
    clearTimeout(retry);
    attempts = 0;
    var stale = socket;
    connect();
    if (stale && stale.readyState === WebSocket.CONNECTING) stale.close();
  });
  // Offline: the socket is dead even if it has not noticed yet.
  window.addEventListener("offline", function () {
    if (socket && socket.readyState === WebSocket.OPEN) socket.close();
  });

  window.reseauLive = {
    state: function () {
      return { connected: !!socket && socket.readyState === 1, lastId: lastId, connectedOnce: connectedOnce, attempts: attempts };
    },
    close: function () { if (socket) socket.close(); },
  };
  connect();
})();
