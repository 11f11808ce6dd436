/* Cutting text into search terms, exactly as the build did.
 *
 * This is the browser's half of plugins/portal/search/{scripts,tokenizer,
 * segmenters,russian,suffixes,folding,pipeline}.py: the same character
 * classes, the same runs, the same stemmers, the same pipeline labels.
 * The test suite runs both halves on the same fixtures and compares the
 * tokens. Runs of spaceless scripts (Thai, Lao, Khmer, Myanmar, Han) are
 * cut into the index's own words (longest known words, fewest characters
 * left unknown), not by the browser's Intl.Segmenter, whose dictionaries
 * differ from the ICU that built the index.
 *
 * Works as a CommonJS module (Node: tests, benchmark) and as a browser
 * global (PortalSearchText); registerPipeline(lunr) registers the labels.
 */
(function (root, factory) {
  "use strict";
  if (typeof module === "object" && module.exports) {
    module.exports = factory();
  } else {
    root.PortalSearchText = factory();
  }
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  // -- scripts (scripts.py) ----------------------------------------------
  var JOINERS = "'\u2019\u2018\u02bc\u02bb`\u00b4\u2032\u00ad";
  var SPACELESS_RANGES = [
    [0x0e00, 0x0eff], [0x1000, 0x109f], [0xa9e0, 0xa9ff], [0xaa60, 0xaa7f],
    [0x1780, 0x17ff], [0x19e0, 0x19ff], [0x3005, 0x3007], [0x3040, 0x30ff], [0x31f0, 0x31ff],
    [0x3400, 0x4dbf], [0x4e00, 0x9fff], [0xf900, 0xfaff], [0x20000, 0x3134f]
  ];
  var WORD = /^[\p{L}\p{M}\p{N}]$/u;
  var MARK = /^\p{M}$/u;

  function isWordChar(ch) { return WORD.test(ch); }
  function isMark(ch) { return MARK.test(ch); }
  function isJoiner(ch) { return JOINERS.indexOf(ch) >= 0; }
  function isSpaceless(ch) {
    var point = ch.codePointAt(0);
    for (var i = 0; i < SPACELESS_RANGES.length; i++) {
      if (point >= SPACELESS_RANGES[i][0] && point <= SPACELESS_RANGES[i][1]) return true;
    }
    return false;
  }
  function noBreakAfter(ch) {
    var point = ch.codePointAt(0);
    return point === 0x1039 || point === 0x17d2 || (point >= 0x0e40 && point <= 0x0e44) ||
      (point >= 0x0ec0 && point <= 0x0ec4);
  }
  /* chars: an array of code points (strings). */
  function canStartWord(chars, index) {
    if (index <= 0 || index >= chars.length) return true;
    return !isMark(chars[index]) && !noBreakAfter(chars[index - 1]);
  }

  /* scripts.py is_segmentation_word: spaceless words, not a lone Thai/Lao/Khmer/Myanmar cluster. */
  function isSegmentationWord(word) {
    var chars = Array.from(word);
    if (!chars.length || !isSpaceless(chars[0])) return false;
    var clusters = 0;
    for (var i = 0; i < chars.length; i++) if (canStartWord(chars, i)) clusters++;
    return clusters > 1 || chars[0].codePointAt(0) >= 0x3000;
  }

  // -- the tokenizer (tokenizer.py) -------------------------------------
  function runs(chars) {
    var found = [], start = -1;
    for (var i = 0; i < chars.length; i++) {
      var ch = chars[i];
      var inside = isWordChar(ch) ||
        (isJoiner(ch) && start >= 0 && i + 1 < chars.length && isWordChar(chars[i + 1]));
      if (inside && start < 0) {
        start = i;
      } else if (!inside && start >= 0) {
        found.push([start, i]);
        start = -1;
      }
    }
    if (start >= 0) found.push([start, chars.length]);
    return found;
  }

  function scriptRuns(chars, start, end) {
    var found = [], pieceStart = start, spaceless = isSpaceless(chars[start]);
    for (var i = start + 1; i < end; i++) {
      if (isMark(chars[i])) continue;
      var here = isSpaceless(chars[i]);
      if (here !== spaceless) {
        found.push([pieceStart, i, spaceless]);
        pieceStart = i;
        spaceless = here;
      }
    }
    found.push([pieceStart, end, spaceless]);
    return found;
  }

  function spacedToken(chars) {
    var kept = "";
    for (var i = 0; i < chars.length; i++) if (!isJoiner(chars[i])) kept += chars[i];
    return kept.normalize("NFKC").toLowerCase();
  }

  /* Tokens of text: {text, start, end, kind} with start/end in code points of
   * text.normalize("NFC"); kind is "word", "segment" or "unknown". */
  function tokenize(text, segmenter) {
    var chars = Array.from(String(text).normalize("NFC"));
    var tokens = [];
    runs(chars).forEach(function (run) {
      scriptRuns(chars, run[0], run[1]).forEach(function (part) {
        var start = part[0], end = part[1];
        if (!part[2]) {
          var word = spacedToken(chars.slice(start, end));
          if (word) tokens.push({ text: word, start: start, end: end, kind: "word" });
          return;
        }
        var runChars = Array.from(chars.slice(start, end).join("").toLowerCase());
        segmenter.segment(runChars).forEach(function (piece) {
          tokens.push({
            text: runChars.slice(piece[0], piece[1]).join(""),
            start: start + piece[0], end: start + piece[1],
            kind: piece[2] ? "segment" : "unknown"
          });
        });
      });
    });
    return tokens;
  }

  // -- the query-time segmenter (segmenters.py VocabularySegmenter) ------
  /* accept: which vocabulary words a query may be cut into (default: isSegmentationWord). */
  function VocabularySegmenter(vocabulary, strategy, accept) {
    strategy = strategy || "best";
    if (strategy !== "best" && strategy !== "greedy") {
      throw new Error("unknown segmentation strategy " + strategy + "; choose 'best' or 'greedy'");
    }
    this.strategy = strategy;
    accept = accept || isSegmentationWord;
    if (vocabulary && typeof vocabulary.longest === "number") {
      // looked up as needed (search-engine.js SplitVocabulary: has(word), longest)
      this.vocabulary = { has: function (word) { return accept(word) && vocabulary.has(word); } };
      this.longest = vocabulary.longest;
      return;
    }
    this.vocabulary = new Set(Array.from(vocabulary).filter(accept));
    var longest = 0;
    this.vocabulary.forEach(function (word) {
      var length = Array.from(word).length;
      if (length > longest) longest = length;
    });
    this.longest = longest;
  }

  function bisectRight(sorted, value) {
    var low = 0, high = sorted.length;
    while (low < high) {
      var middle = (low + high) >> 1;
      if (value < sorted[middle]) high = middle; else low = middle + 1;
    }
    return low;
  }

  VocabularySegmenter.prototype.knownEnds = function (chars, start, starts) {
    var first = bisectRight(starts, start), last = bisectRight(starts, start + this.longest);
    var ends = [];
    for (var i = last - 1; i >= first; i--) {
      if (this.vocabulary.has(chars.slice(start, starts[i]).join(""))) ends.push(starts[i]);
    }
    return ends;
  };

  VocabularySegmenter.prototype.segment = function (chars) {
    var starts = [];
    for (var i = 0; i <= chars.length; i++) if (canStartWord(chars, i)) starts.push(i);
    var pieces = this.strategy === "greedy" ? this.greedy(chars, starts) : this.best(chars, starts);
    return mergeUnknown(pieces);
  };

  VocabularySegmenter.prototype.greedy = function (chars, starts) {
    var pieces = [], position = 0, following = {};
    for (var i = 0; i + 1 < starts.length; i++) following[starts[i]] = starts[i + 1];
    while (position < chars.length) {
      var ends = this.knownEnds(chars, position, starts);
      var end = ends.length ? ends[0] : following[position];
      pieces.push([position, end, ends.length > 0]);
      position = end;
    }
    return pieces;
  };

  function better(a, b) { return b === null || a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]); }

  VocabularySegmenter.prototype.best = function (chars, starts) {
    var length = chars.length, cost = {}, choice = {};
    cost[length] = [0, 0];
    for (var index = starts.length - 2; index >= 0; index--) {
      var start = starts[index], nextStart = starts[index + 1], best = null;
      var ends = this.knownEnds(chars, start, starts);
      for (var e = 0; e < ends.length; e++) {
        var candidate = [cost[ends[e]][0], cost[ends[e]][1] + 1];
        if (better(candidate, best)) { best = candidate; choice[start] = [ends[e], true]; }
      }
      var unknown = [cost[nextStart][0] + nextStart - start, cost[nextStart][1] + 1];
      if (better(unknown, best)) { best = unknown; choice[start] = [nextStart, false]; }
      cost[start] = best;
    }
    var pieces = [], position = 0;
    while (position < length) {
      pieces.push([position, choice[position][0], choice[position][1]]);
      position = choice[position][0];
    }
    return pieces;
  };

  function mergeUnknown(pieces) {
    var merged = [];
    pieces.forEach(function (piece) {
      var last = merged[merged.length - 1];
      if (last && !piece[2] && !last[2]) last[1] = piece[1];
      else merged.push([piece[0], piece[1], piece[2]]);
    });
    return merged;
  }

  // -- the query-time segmenter: the reader's ICU, checked, then the vocabulary ---
  /* The browser's Intl.Segmenter runs the same ICU algorithm as the build, but
   * its version and dictionaries vary (and Firefox's is not ICU), so it is
   * used only if it cuts the index's probes (runs of the edition's own text,
   * with the build's cut) exactly as the build did. Each piece it gives is
   * then checked against the index: a known word is used as it is; an
   * unknown one is matched inside longer words if some word holds it, or
   * else cut into the index's own words (VocabularySegmenter). Without a
   * trusted Intl.Segmenter the whole run goes through the same checks. */
  function QuerySegmenter(options) {
    this.vocabulary = options.vocabulary;  // every index term: a Set, or anything with has(term)
    this.fallback = options.fallback;  // a VocabularySegmenter
    this.inside = options.inside;  // piece => whether an index term holds it
    this.intl = options.intl || null;  // a trusted Intl.Segmenter, or null
  }

  QuerySegmenter.prototype.pieces = function (chars) {
    if (!this.intl) return [[0, chars.length]];
    var units = [], found = [], position = 0;
    chars.forEach(function (ch, i) { for (var k = 0; k < ch.length; k++) units.push(i); });
    units.push(chars.length);
    Array.from(this.intl.segment(chars.join(""))).forEach(function (segment, i, all) {
      var end = i + 1 < all.length ? units[all[i + 1].index] : chars.length;
      if (found.length && !canStartWord(chars, position)) {
        found[found.length - 1][1] = end;  // as the build does (segmenters.py _merge_broken_clusters)
      } else {
        found.push([position, end]);
      }
      position = end;
    });
    return found;
  };

  QuerySegmenter.prototype.segment = function (chars) {
    var self = this, out = [];
    this.pieces(chars).forEach(function (span) {
      var piece = chars.slice(span[0], span[1]), word = piece.join("");
      if (self.vocabulary.has(word)) {
        out.push([span[0], span[1], true]);
      } else if (self.inside(word)) {
        out.push([span[0], span[1], false]);
      } else {
        self.fallback.segment(piece).forEach(function (cut) {
          out.push([span[0] + cut[0], span[0] + cut[1], cut[2]]);
        });
      }
    });
    return out;
  };

  /* An Intl.Segmenter for locale, if the runtime has one that cuts every probe as the build did. */
  function trustedIntl(locale, probes) {
    if (!probes || !probes.length || typeof Intl === "undefined" || !Intl.Segmenter) return null;
    var segmenter;
    try {
      segmenter = new Intl.Segmenter(locale, { granularity: "word" });
    } catch (error) {
      return null;
    }
    var probe = new QuerySegmenter({ vocabulary: new Set(), fallback: null, inside: null, intl: segmenter });
    var agrees = probes.every(function (entry) {
      var cuts = probe.pieces(Array.from(entry[0])).map(function (span) { return span[1]; });
      return cuts.join(",") === entry[1].join(",");
    });
    return agrees ? segmenter : null;
  }

  // -- Russian (russian.py) ---------------------------------------------
  var VOWELS = "аеиоуыэюя";
  function table(withAYa, others) {
    var result = {};
    (withAYa || "").split(" ").forEach(function (s) { if (s) result[s] = true; });
    (others || "").split(" ").forEach(function (s) { if (s) result[s] = false; });
    return result;
  }
  var PERFECTIVE_GERUND = table("в вши вшись", "ив ивши ившись ыв ывши ывшись");
  var ADJECTIVE = table("", "ее ие ые ое ими ыми ей ий ый ой ем им ым ом его ого ему ому их ых ую юю ая яя ою ею");
  var PARTICIPLE = table("ем нн вш ющ щ", "ивш ывш ующ");
  var REFLEXIVE = table("", "ся сь");
  var VERB = table("ла на ете йте ли й л ем н ло но ет ют ны ть ешь нно",
    "ила ыла ена ейте уйте ите или ыли ей уй ил ыл им ым ен ило ыло ено ят ует уют ит ыт ены ить ыть ишь ую ю");
  var NOUN = table("", "а ев ов ие ье е иями ями ами еи ии и ией ей ой ий й иям ям ием ем ам ом о у ах иях " +
    "ях ы ь ию ью ю ия ья я");
  var DERIVATIONAL = table("", "ост ость");
  var SUPERLATIVE = table("", "ейш ейше");

  function isVowel(ch) { return VOWELS.indexOf(ch) >= 0; }

  function regions(word) {
    var length = word.length, index = 0;
    while (index < length && !isVowel(word[index])) index++;
    if (index === length) return [length, length];
    var rv = index = index + 1;
    var wanted = [false, true, false];
    for (var w = 0; w < wanted.length; w++) {
      while (index < length && isVowel(word[index]) !== wanted[w]) index++;
      if (index === length) return [rv, length];
      index++;
    }
    return [rv, index];
  }

  function ending(word, rv, endings) {
    var found = null;
    Object.keys(endings).forEach(function (e) {
      if (word.endsWith(e) && word.length - e.length >= rv && (found === null || e.length > found.length)) {
        found = e;
      }
    });
    if (found === null) return null;
    if (endings[found]) {
      var before = word.length - found.length - 1;
      if (before < rv || "ая".indexOf(word[before]) < 0) return null;
    }
    return found;
  }

  function strip(word, rv, endings) {
    var found = ending(word, rv, endings);
    return found === null ? null : word.slice(0, word.length - found.length);
  }

  function adjectival(word, rv) {
    var stripped = strip(word, rv, ADJECTIVE);
    if (stripped === null) return null;
    return strip(stripped, rv, PARTICIPLE) || stripped;
  }

  function stepOne(word, rv) {
    var stripped = strip(word, rv, PERFECTIVE_GERUND);
    if (stripped !== null) return stripped;
    word = strip(word, rv, REFLEXIVE) || word;
    var steps = [adjectival, function (w, r) { return strip(w, r, VERB); },
      function (w, r) { return strip(w, r, NOUN); }];
    for (var i = 0; i < steps.length; i++) {
      stripped = steps[i](word, rv);
      if (stripped !== null) return stripped;
    }
    return word;
  }

  function tidyUp(word, rv) {
    var superlative = strip(word, rv, SUPERLATIVE);
    if (superlative !== null) word = superlative;
    if (word.endsWith("нн") && word.length - 2 >= rv) return word.slice(0, -1);
    if (superlative === null && word.endsWith("ь") && word.length - 1 >= rv) return word.slice(0, -1);
    return word;
  }

  function stemRussian(word) {
    word = word.replace(/ё/g, "е");
    var marks = regions(word), rv = marks[0], r2 = marks[1];
    word = stepOne(word, rv);
    if (word.endsWith("и") && word.length - 1 >= rv) word = word.slice(0, -1);
    var derivational = ending(word, rv, DERIVATIONAL);
    if (derivational && word.length - derivational.length >= r2) {
      word = word.slice(0, word.length - derivational.length);
    }
    return tidyUp(word, rv);
  }

  // -- light stemmers (suffixes.py) -------------------------------------
  function SuffixStripper(suffixes, minimum, minimumShort) {
    var unique = Array.from(new Set(suffixes.trim().split(/\s+/)));
    unique.sort(function (a, b) {
      var la = Array.from(a).length, lb = Array.from(b).length;
      return lb - la || (a < b ? -1 : a > b ? 1 : 0);
    });
    this.suffixes = unique;
    this.minimum = minimum;
    this.minimumShort = minimumShort;
  }
  SuffixStripper.prototype.stripOnce = function (word) {
    var length = Array.from(word).length;
    for (var i = 0; i < this.suffixes.length; i++) {
      var suffix = this.suffixes[i], suffixLength = Array.from(suffix).length;
      var remaining = length - suffixLength;
      if (word.endsWith(suffix) &&
          remaining >= (suffixLength === 1 ? this.minimumShort : this.minimum)) {
        return word.slice(0, word.length - suffix.length);
      }
    }
    return null;
  };
  SuffixStripper.prototype.stages = function (word) {
    var stages = [], stripped = this.stripOnce(word);
    while (stripped !== null) {
      stages.push(stripped);
      stripped = this.stripOnce(stripped);
    }
    return stages.length ? stages : [word];
  };

  var KOREAN = new SuffixStripper(
    "이 가 은 는 을 를 의 에 와 과 도 만 로 으로 들 나 이나 랑 이랑 께 " +
    "에서 에게 한테 께서 까지 부터 처럼 보다 마다 하고 이며 이고 이라고 라고 이라 " +
    "에는 에도 에서는 에서도 에게는 에게도 으로는 로는 으로도 로도 와는 과는 에서의 으로의 와의 과의 에의 " +
    "입니다 이다 이에요 예요 이었습니다 였습니다 " +
    "합니다 하세요 하십시오 해요 해야 하려면 하면 하는 하고 하기 하여 해서 했습니다 했다 한 할 함 하지 하며 하도록 하므로 " +
    "된 되는 됩니다 되어 돼요 됐습니다 될 " +
    "받을 받는 받은 받으세요 받습니다 받아 받으려면 받으면 받기 " +
    "드립니다 드려요 습니다 세요 으세요", 1, 2);
  var UZBEK = new SuffixStripper(
    "lar ning ni ga ka qa da dan dagi gacha im imiz ing ingiz i si miz ngiz dir mi", 3, 3);
  var MONGOLIAN = new SuffixStripper(
    "ууд үүд нууд нүүд чууд чүүд нар ын ийн ний ыг ийг г д т ид нд " +
    "аас ээс оос өөс иас иос гаас гээс гоос гөөс аар ээр оор өөр иар иор гаар гээр гоор гөөр " +
    "тай тэй той руу рүү луу лүү аа ээ оо өө гаа гээ гоо гөө " +
    "ах эх ох өх сан сэн сон сөн даг дэг дог дөг аарай ээрэй оорой өөрэй", 3, 3);

  // -- folds (folding.py) -----------------------------------------------
  function foldVietnamese(word) {
    return word.normalize("NFD").replace(/[\u0300-\u036f]/g, "").normalize("NFC").replace(/đ/g, "d");
  }
  function foldYo(word) { return word.replace(/ё/g, "е"); }

  // -- pipeline labels (pipeline.py) ------------------------------------
  var TERM_FUNCTIONS = {
    "portal-fold-vi": foldVietnamese,
    "portal-fold-yo": foldYo,
    "portal-stem-ru": stemRussian,
    "portal-stem-ko": function (w) { return KOREAN.stages(w); },
    "portal-stem-uz": function (w) { return UZBEK.stages(w); },
    "portal-stem-mn": function (w) { return MONGOLIAN.stages(w); }
  };

  function asLunr(fn) {
    return function (token) {
      var result = fn(token.toString());
      var terms = Array.isArray(result) ? result : [result];
      var made = [];
      terms.forEach(function (term) {
        if (term) made.push(token.clone(function () { return term; }));
      });
      if (made.length === 0) return undefined;
      return made.length === 1 ? made[0] : made;
    };
  }

  /* Register every pipeline function with lunr, under the labels the index names.
   * portal-stem-en is lunr's own English stemmer (english.py is its port). */
  function registerPipeline(lunr) {
    Object.keys(TERM_FUNCTIONS).forEach(function (label) {
      if (!lunr.Pipeline.registeredFunctions[label]) {
        lunr.Pipeline.registerFunction(asLunr(TERM_FUNCTIONS[label]), label);
      }
    });
    if (!lunr.Pipeline.registeredFunctions["portal-stem-en"]) {
      var english = function (token) { return lunr.stemmer(token); };
      lunr.Pipeline.registerFunction(english, "portal-stem-en");
    }
  }

  return {
    tokenize: tokenize,
    VocabularySegmenter: VocabularySegmenter,
    QuerySegmenter: QuerySegmenter,
    trustedIntl: trustedIntl,
    registerPipeline: registerPipeline,
    termFunctions: TERM_FUNCTIONS,
    isSpaceless: isSpaceless,
    canStartWord: canStartWord,
    stemRussian: stemRussian
  };
});
