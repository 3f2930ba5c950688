// Trailhead Outfitters: a single-page store. The server answers every URL with index.html;
// this router draws the page the URL names: a product, the sign-in form of the account
// area, or the store's own "not found" view. Plain JavaScript, no build step, no network.
(function () {
  "use strict";

  var PRODUCTS = {
    "alpine-tent": {
      name: "Alpine Tent 2P",
      price: "349.00",
      text: "A two-person tent for the high mountains: two doors, two vestibules and a " +
        "geodesic frame of aluminium poles that stands up to storms above the tree line. " +
        "It weighs 2.1 kg packed, pitches in four minutes and keeps its floor dry on wet " +
        "ground thanks to a bathtub floor sealed at every seam.",
    },
    "camp-stove": {
      name: "Camp Stove Mini",
      price: "59.00",
      text: "The smallest stove we sell folds into its own pot support and boils a litre of " +
        "water in three and a half minutes on a standard gas canister. A piezo igniter and " +
        "a wind shield make it easy to light on an exposed ridge at dawn.",
    },
    "trail-shoe": {
      name: "Ridge Trail Shoe",
      price: "139.00",
      text: "Light trail running shoes with a grippy lugged sole, a rock plate under the " +
        "forefoot and a breathable upper that drains after river crossings. Built on a " +
        "roomy last for long days, with a gusseted tongue that keeps gravel out.",
    },
  };
  var REMOVED = { "summit-parka": true };

  function element(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function link(href, text) {
    return element("a", { href: href, "data-route": "" }, [text]);
  }

  function header() {
    return element("header", {}, [
      element("nav", {}, [
        link("/", "Home"),
        link("/products/alpine-tent", "Tents"),
        link("/products/camp-stove", "Stoves"),
        link("/account", "My account"),
      ]),
    ]);
  }

  function home() {
    document.title = "Trailhead Outfitters: gear for the mountains";
    var items = Object.keys(PRODUCTS).map(function (slug) {
      return element("li", {}, [link("/products/" + slug, PRODUCTS[slug].name)]);
    });
    items.push(element("li", {}, [link("/products/summit-parka", "Summit Parka")]));
    return [
      element("h1", {}, ["Trailhead Outfitters"]),
      element("p", {}, [
        "Tents, stoves and shoes for people who walk far. Every product is tested on our " +
          "own trips before it goes on sale, and every order ships within two days.",
      ]),
      element("ul", {}, items),
      element("p", {}, [link("/account/orders", "Your orders")]),
      element("p", {}, [link("/journal/winter-camping", "Read our winter camping notes")]),
    ];
  }

  // "item-12": the numbered products of a large catalogue (the render benchmark's site)
  function generated(slug) {
    var number = /^item-([0-9]+)$/.exec(slug);
    if (!number) {
      return null;
    }
    return {
      name: "Catalogue item " + number[1],
      price: (10 + (Number(number[1]) % 90)).toFixed(2),
      text: "Item " + number[1] + " of the catalogue, described at length so that its " +
        "page is a real page: what it is made of, how it is used on the trail, how it is " +
        "cleaned after a muddy week, and which other items of the catalogue go with it.",
    };
  }

  function product(slug) {
    var item = PRODUCTS[slug] || generated(slug);
    if (!item) {
      return notFound("Product not found", "Sorry, this product is no longer available.");
    }
    document.title = item.name + " | Trailhead Outfitters";
    return [
      element("h1", {}, [item.name]),
      element("img", { src: "/static/" + slug + ".png", alt: item.name }),
      element("p", {}, [item.text]),
      element("p", { class: "price" }, ["Price: " + item.price + " EUR"]),
      element("button", { type: "button" }, ["Add to cart"]),
    ];
  }

  function account() {
    document.title = "Sign in | Trailhead Outfitters";
    return [
      element("h1", {}, ["Sign in"]),
      element("p", {}, ["Please sign in to see your orders and your account."]),
      element("form", { method: "post", action: "/api/session" }, [
        element("label", {}, ["Email ", element("input", { type: "email", name: "email" })]),
        element("label", {}, [
          "Password ",
          element("input", { type: "password", name: "password" }),
        ]),
        element("button", { type: "submit" }, ["Sign in"]),
      ]),
    ];
  }

  function notFound(heading, message) {
    document.title = heading + " | Trailhead Outfitters";
    return [
      element("h1", {}, [heading]),
      element("p", {}, [message || "The page you are looking for does not exist."]),
      element("p", {}, [link("/", "Back to the shop")]),
    ];
  }

  function route(path) {
    var match = /^\/products\/([a-z0-9-]+)\/?$/.exec(path);
    if (path === "/" || path === "/index.html") {
      return home();
    }
    if (match) {
      return product(match[1]);
    }
    if (/^\/account(\/|$)/.test(path)) {
      return account();
    }
    return notFound("Page not found");
  }

  function draw() {
    var root = document.getElementById("root");
    root.innerHTML = "";
    root.appendChild(header());
    root.appendChild(element("main", {}, route(window.location.pathname)));
    root.appendChild(element("footer", {}, ["Trailhead Outfitters, since 2009"]));
  }

  document.addEventListener("click", function (event) {
    var target = event.target.closest("a[data-route]");
    if (target) {
      event.preventDefault();
      window.history.pushState({}, "", target.getAttribute("href"));
      draw();
    }
  });
  window.addEventListener("popstate", draw);
  draw();
})();
