// The CRC dashboard: draws the map (Leaflet over Natural Earth outlines, no tile server) and the
// Vega-Lite charts from Accord's API. Loaded as a file so that the page needs no inline script.
(function () {
  "use strict";

  const EMBED_OPTIONS = {
    actions: false,
    defaultStyle: false,
    renderer: "svg",
    // vega-tooltip would inject its own <style> element; Accord's stylesheet styles the tooltip instead.
    tooltip: { disableDefaultStyle: true },
    ast: true,
    expr: window.vega && window.vega.expressionInterpreter,
  };
  const CATEGORY_COLOURS = {
    "armed-conflict-state-based": "#b3261e",
    "armed-conflict-non-state": "#d4691a",
    "armed-conflict-one-sided": "#7b1fa2",
    "terrorism": "#5d4037",
    "epidemic": "#1565c0",
  };

  // Dates on the charts' axes in the page's language (Vega names months in English otherwise).
  const TIME_LOCALES = {
    ru: {
      dateTime: "%A, %e %B %Y г. %X", date: "%d.%m.%Y", time: "%H:%M:%S", periods: ["AM", "PM"],
      days: ["воскресенье", "понедельник", "вторник", "среда", "четверг", "пятница", "суббота"],
      shortDays: ["вс", "пн", "вт", "ср", "чт", "пт", "сб"],
      months: ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
        "октября", "ноября", "декабря"],
      shortMonths: ["янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"],
    },
  };

  function embedOptions() {
    const locale = TIME_LOCALES[document.documentElement.lang];
    return locale ? Object.assign({ timeFormatLocale: locale }, EMBED_OPTIONS) : EMBED_OPTIONS;
  }

  function drawCharts() {
    document.querySelectorAll("[data-chart]").forEach(function (element) {
      const spec = JSON.parse(document.getElementById(element.dataset.chart).textContent);
      window.vegaEmbed(element, spec, embedOptions())
        .then(function () { element.dataset.rendered = "true"; })
        .catch(function (error) { element.textContent = element.dataset.failed + " " + error.message; });
    });
  }

  function radiusFor(fatalities) {
    return 3 + Math.sqrt(Math.max(0, fatalities || 0)) * 1.5;
  }

  function popupText(element, point) {
    const container = document.createElement("div");
    const title = document.createElement("strong");
    title.textContent = point.place || point.state || point.country;
    container.appendChild(title);
    container.appendChild(document.createElement("br"));
    container.appendChild(document.createTextNode(
      (point.day || point.date) + " · " + (point.category_label || point.category || "") + " · " + element.dataset.fatalitiesLabel + ": " +
      (point.fatalities_best === null ? "?" : point.fatalities_best)));
    return container;
  }

  function areaText(element, country, areas) {
    return areas.map(function (area) {
      const label = area.place_precision === "country" ? element.dataset.countryOnly : element.dataset.regionOnly;
      return label + ": " + area.events + " (" + element.dataset.fatalitiesLabel + ": " + area.fatalities + ")";
    }).join("\n") || country;
  }

  async function drawMap(element) {
    // The default attribution prefix carries an inline-styled flag, which the Content Security Policy refuses.
    const map = window.L.map(element, { zoomSnap: 0.25, minZoom: 1, maxZoom: 9, worldCopyJump: true,
      attributionControl: false });
    window.L.control.attribution({ prefix: "Leaflet · Natural Earth" }).addTo(map);
    const [atlas, layers] = await Promise.all([
      fetch(element.dataset.outlines).then(function (response) { return response.json(); }),
      fetch(element.dataset.api, { credentials: "same-origin" }).then(function (response) { return response.json(); }),
    ]);
    const countries = window.topojson.feature(atlas, atlas.objects.countries);
    const areasByNumeric = new Map();
    layers.areas.forEach(function (area) {
      const key = String(area.numeric);
      if (!areasByNumeric.has(key)) { areasByNumeric.set(key, []); }
      areasByNumeric.get(key).push(area);
    });
    const focus = new Set(layers.focus.map(function (item) { return String(item.numeric); }));
    const outlines = window.L.geoJSON(countries, {
      style: function (feature) {
        const id = String(feature.id);
        const hasAreas = areasByNumeric.has(id);
        return {
          color: focus.has(id) ? "#12263f" : "#9aa7b5",
          weight: focus.has(id) ? 1.6 : 0.6,
          fillColor: hasAreas ? "#e6a23c" : (focus.has(id) ? "#dfe8f3" : "#f4f6f9"),
          fillOpacity: hasAreas ? 0.55 : 1,
        };
      },
      onEachFeature: function (feature, layer) {
        const id = String(feature.id);
        const named = areasByNumeric.has(id) && areasByNumeric.get(id)[0].state;
        const name = named || (feature.properties && feature.properties.name) || id;
        if (areasByNumeric.has(id)) {
          layer.bindTooltip(name + "\n" + areaText(element, name, areasByNumeric.get(id)));
        }
      },
    }).addTo(map);
    const markers = window.L.layerGroup().addTo(map);
    layers.points.forEach(function (point) {
      window.L.circleMarker([point.latitude, point.longitude], {
        radius: radiusFor(point.fatalities_best),
        color: CATEGORY_COLOURS[point.category] || "#37474f",
        weight: 1,
        fillOpacity: 0.55,
      }).bindPopup(popupText(element, point)).addTo(markers);
    });
    const focusBounds = window.L.geoJSON(countries.features.filter(function (feature) {
      return focus.has(String(feature.id));
    }));
    const bounds = focus.size ? focusBounds.getBounds() : (layers.points.length ? markers.getLayers().length &&
      window.L.featureGroup(markers.getLayers()).getBounds() : outlines.getBounds());
    map.fitBounds(bounds && bounds.isValid() ? bounds : [[25, 20], [70, 100]], { padding: [12, 12] });
    element.dataset.rendered = "true";
    element.dataset.points = String(layers.points.length);
  }

  document.addEventListener("DOMContentLoaded", function () {
    const mapElement = document.getElementById("crisis-map");
    if (mapElement) {
      drawMap(mapElement).catch(function (error) {
        mapElement.textContent = mapElement.dataset.failed + " " + error.message;
      });
    }
    drawCharts();
  });
}());
