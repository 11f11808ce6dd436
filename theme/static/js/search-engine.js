/* Searching one edition's index: load it, build the query, rank pages, cut snippets.
 *
 * No DOM here, so the tests and the benchmark run exactly this in Node.
 * The entry file holds the pages and, where queries are cut into the index's
 * words or matched inside them, the vocabulary; lunr's postings, in compact
 * form (see plugins/portal/search/index.py and edition.py), are in shards of
 * consecutive terms, loaded only for the terms a query needs. Where the entry
 * says "vocabulary": "shards", each shard carries its own terms and the entry
 * only each shard's first: a query word needs the shard its term falls in and,
 * for the words it begins, the next ones while they still begin with it.
 * expand() turns the loaded shards back into lunr's serialized index for
 * lunr.Index.load, so scoring is lunr's own. Where the entry says "vocabulary": "split" (a
 * large vocabulary of a spaceless script), the terms are in word and ending shards too, fetched
 * for the pieces a query is cut into (SplitVocabulary).
 *
 * The query is never given to idx.search(): its query language treats
 * : ^ ~ + - * as operators. Each query word is cut and stemmed by the same
 * tokenizer and pipeline as the index, then asked with idx.query() as
 * clauses: the exact term (boosted), and where the language's profile says
 * so, the index terms it begins (typing in progress, agglutinative endings)
 * or sits inside (Korean compounds, Thai or Chinese words that ICU kept
 * inside a longer word, and stretches of a query the index does not know). A page matches when every query word matches
 * somewhere in it, in its opening or any of its sections.
 */
(function (root, factory) {
  "use strict";
  if (typeof module === "object" && module.exports) {
    module.exports = factory();
  } else {
    root.PortalSearchEngine = factory();
  }
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var FORMAT = "portal-search/3";
  var SPLIT = "split";
  var FRONT_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz";
  var SURROGATE = /[\ud800-\udfff]/;
  var EXACT_BOOST = 10;
  var WIDER_BOOST = 1;
  var MAX_WORDS = 12;
  var MAX_EXPANSIONS = 200;
  var WIDER_SHARDS = 3;

  /* lunr's serialized index for the terms of the loaded shards (loaded: shard number -> postings).
   * The postings hold term frequencies; each score is computed here the way lunr.Builder
   * computes it (BM25 with the index's constants, field boosts, rounded to three decimals),
   * from the documents' field lengths in the entry file. lunr scores a document from the
   * query's terms only (the query vector's dot product with the document's field vector),
   * so an index holding the shards of the query's terms ranks exactly as the whole index would. */
  function expand(data, loaded, shardTerms, terms) {
    terms = terms || data.terms;
    var named = typeof terms === "function" ? terms : function (number) { return terms[number]; };
    if (data.format !== FORMAT) {
      throw new Error("search index format " + data.format + " is not " + FORMAT + ": rebuild the site");
    }
    var fields = data.fields, width = fields.length, inverted = [], vectors = {};
    var k1 = data.bm25.k1, b = data.bm25.b, lengths = data.lengths, count = lengths.length / width;
    var averages = fields.map(function (field, number) {
      var sum = 0;
      for (var key = number; key < lengths.length; key += width) sum += lengths[key];
      return sum / count;
    });
    data.shards.forEach(function (shard, k) {
      var postings = loaded[k];
      if (!postings) return;
      for (var offset = 0; offset < postings.length; offset++) {
        var number = shard[0] + offset, posting = { _index: number }, flat = postings[offset], key = 0;
        var term = shardTerms && shardTerms[k] ? shardTerms[k][offset] : named(number);
        if (term === undefined) continue;  // a split vocabulary's term no lookup has met: no query asks for it
        fields.forEach(function (field) { posting[field] = {}; });
        // lunr.idf: the term's (document, field) pairs, against every document of the index
        var held = flat.length / 2, idf = Math.log(1 + Math.abs((count - held + 0.5) / (held + 0.5)));
        for (var i = 0; i < flat.length; i += 2) {
          key += flat[i];
          var tf = flat[i + 1], slot = key % width, ref = String(Math.floor(key / width));
          var field = fields[slot], name = field + "/" + ref;
          // lunr.Builder.prototype.createFieldVectors, operation for operation
          var score = idf * ((k1 + 1) * tf) / (k1 * (1 - b + b * (lengths[key] / averages[slot])) + tf);
          score *= data.boosts[slot];
          posting[field][ref] = {};
          (vectors[name] = vectors[name] || []).push(number, Math.round(score * 1000) / 1000);
        }
        inverted.push([term, posting]);
      }
    });
    return {
      version: data.lunr, fields: fields, pipeline: data.pipeline, invertedIndex: inverted,
      fieldVectors: Object.keys(vectors).map(function (name) { return [name, vectors[name]]; })
    };
  }

  function length(term) { return Array.from(term).length; }

  /* The entry's vocabulary: a list, or front-coded (edition.py front_coded): each line a
   * digit saying how many characters (code points) a term shares with the one before, then
   * the rest. */
  function entryTerms(data) {
    if (data.vocabulary === "shards" || data.vocabulary === SPLIT) return [];
    if (data.vocabulary !== "front") return data.terms;
    return frontDecoded(data.terms || "");
  }

  /* Front-coded lines (edition.py front_coded) back into their terms. */
  function frontDecoded(text) {
    var lines = text ? text.split("\n") : [], terms = new Array(lines.length), before = "";
    var astral = SURROGATE.test(text);  // code points and code units differ only then
    for (var i = 0; i < lines.length; i++) {
      var line = lines[i], shared = FRONT_DIGITS.indexOf(line.charAt(0));
      if (shared < 0) throw new Error("search index vocabulary is damaged: rebuild the site");
      var head = astral && SURROGATE.test(before) ? Array.from(before).slice(0, shared).join("")
        : before.slice(0, shared);
      before = terms[i] = head + line.slice(1);
    }
    return terms;
  }

  /* The last of shards ([..., ..., first term]) whose first term is not after term, or -1. */
  function lastNotAfter(shards, term) {
    var low = 0, high = shards.length;
    while (low < high) {
      var middle = (low + high) >> 1;
      if (shards[middle][2] <= term) low = middle + 1; else high = middle;
    }
    return low - 1;
  }

  /* A split vocabulary (edition.py split_vocabulary): data.words, shards of the sorted terms,
   * and data.endings, shards of the endings of terms from where a word can start inside them,
   * each with the part before it and the term's number. Lookups answer from the loaded shards
   * and note in `wanted` the shards they needed and lacked; SearchIndex.missingShards fetches
   * those and asks again until a query lacks none, so a query is answered exactly as with
   * every shard loaded, from the few its pieces need. */
  function SplitVocabulary(data) {
    if (!Array.isArray(data.words) || !Array.isArray(data.endings) || typeof data.longest !== "number") {
      throw new Error("search index vocabulary is damaged: rebuild the site");
    }
    this.words = data.words;
    this.endings = data.endings;
    this.longest = data.longest;  // VocabularySegmenter's: the longest word a query is cut into
    this.wordTerms = {};  // word shard -> its terms
    this.endingEntries = {};  // ending shard -> [[ending, before, number], ...]
    this.numbers = new Map();  // term -> number, for the terms of the loaded ending shards
    this.names = {};  // number -> term, for every term of a loaded shard
    this.wanted = {};  // key ("w3", "e7") -> file name, of the shards lookups lacked
  }

  SplitVocabulary.prototype.wordShard = function (shard) {
    var own = this.wordTerms[shard];
    if (!own) this.wanted["w" + shard] = this.words[shard][1];
    return own;
  };

  /* A term's number, or -1. */
  SplitVocabulary.prototype.number = function (term) {
    if (this.numbers.has(term)) return this.numbers.get(term);
    var shard = lastNotAfter(this.words, term), own = shard >= 0 ? this.wordShard(shard) : null;
    if (!own) return -1;
    var at = bisectLeft(own, term);
    return own[at] === term ? this.words[shard][0] + at : -1;
  };

  SplitVocabulary.prototype.has = function (term) { return this.number(term) >= 0; };

  /* The terms that begin with term, in order (at most limit). */
  SplitVocabulary.prototype.withPrefix = function (term, limit) {
    var found = [], words = this.words;
    for (var shard = Math.max(lastNotAfter(words, term), 0); shard < words.length; shard++) {
      var own = this.wordShard(shard);
      if (!own) break;
      var at = bisectLeft(own, term);
      while (at < own.length && own[at].startsWith(term) && found.length < limit) found.push(own[at++]);
      if (at < own.length || found.length >= limit || shard + 1 >= words.length ||
          !words[shard + 1][2].startsWith(term)) break;
    }
    return found;
  };

  /* The terms that hold term further in, where a word can start (at most limit). */
  SplitVocabulary.prototype.inside = function (term, limit) {
    var found = [], seen = new Set(), endings = this.endings;
    for (var shard = Math.max(lastNotAfter(endings, term), 0); shard < endings.length; shard++) {
      var entries = this.endingEntries[shard];
      if (!entries) {
        this.wanted["e" + shard] = endings[shard][1];
        break;
      }
      var low = 0, high = entries.length;
      while (low < high) {
        var middle = (low + high) >> 1;
        if (entries[middle][0] < term) low = middle + 1; else high = middle;
      }
      for (var at = low; at < entries.length && entries[at][0].startsWith(term) && found.length < limit; at++) {
        var whole = entries[at][1] + entries[at][0];
        if (!seen.has(whole)) { seen.add(whole); found.push(whole); }
      }
      if (at < entries.length || found.length >= limit || shard + 1 >= endings.length ||
          !endings[shard + 1][2].startsWith(term)) break;
    }
    return found;
  };

  /* A fetched shard: key "w<n>" a word shard (front-coded terms), "e<n>" an ending shard. */
  SplitVocabulary.prototype.add = function (key, content) {
    var shard = Number(key.slice(1)), listed = key.charAt(0) === "w" ? this.words : this.endings;
    if (typeof content !== "string" || !listed[shard]) {
      throw new Error("search shard " + key + " is damaged: rebuild the site");
    }
    var names = this.names;
    if (key.charAt(0) === "w") {
      var first = this.words[shard][0], terms = this.wordTerms[shard] = frontDecoded(content);
      terms.forEach(function (term, offset) { names[first + offset] = term; });
      return;
    }
    var lines = content.split("\n"), endings = frontDecoded(lines.map(function (line) {
      return line.split("\t")[0];
    }).join("\n")), numbers = this.numbers;
    this.endingEntries[shard] = lines.map(function (line, i) {
      var parts = line.split("\t"), number = parseInt(parts[2], 36);
      if (parts.length !== 3 || !(number >= 0)) throw new Error("search shard " + key + " is damaged: rebuild the site");
      numbers.set(parts[1] + endings[i], number);
      names[number] = parts[1] + endings[i];
      return [endings[i], parts[1], number];
    });
  };

  /* Whether term holds piece at its start or where a word can start inside it. */
  function holdsAtWordStart(text, term, piece) {
    for (var at = term.indexOf(piece); at >= 0; at = term.indexOf(piece, at + 1)) {
      if (at === 0 || text.canStartWord([term.charAt(at - 1), String.fromCodePoint(term.codePointAt(at))], 1)) {
        return true;
      }
    }
    return false;
  }

  /* options.strategy: how runs of spaceless scripts are cut when the reader's
   * Intl.Segmenter is not used: "best" or "greedy" (see search-text.js);
   * options.intl: false to never use Intl.Segmenter (for measurements). */
  function SearchIndex(lunr, text, data, options) {
    options = options || {};
    var self = this;
    text.registerPipeline(lunr);
    this.lunr = lunr;
    this.text = text;
    this.data = data;
    this.pipeline = lunr.Pipeline.load(data.pipeline);
    this.loaded = {};  // shard number -> its postings
    this.sharded = data.vocabulary === "shards";
    this.shardTerms = {};  // shard number -> its terms, when the vocabulary is in the shards
    this.split = data.vocabulary === SPLIT ? new SplitVocabulary(data) : null;
    // with the vocabulary in the shards, no term is of a spaceless script (the build sees
    // to it): the segmenter's vocabulary is then empty either way
    var vocabulary = this.vocabulary = entryTerms(data);  // sorted; empty when they are in the shards
    this.index = null;  // lunr's index over the loaded shards, made when needed
    this.intl = options.intl === false ? null : text.trustedIntl(data.language, data.probes);
    this.segmenter = new text.QuerySegmenter({
      vocabulary: this.split || new Set(vocabulary),
      fallback: new text.VocabularySegmenter(this.split || vocabulary, options.strategy || "best"),
      inside: function (piece) { return self.containing(piece).length > 0; },
      intl: this.intl
    });
    this.profile = data.query;
    this.pageOf = new Array(data.documents);  // document number -> page number
    data.pages.forEach(function (page, number) {
      var end = number + 1 < data.pages.length ? data.pages[number + 1][2] : data.documents;
      for (var doc = page[2]; doc < end; doc++) self.pageOf[doc] = number;
    });
    // Where words are found inside compounds (Korean), a query compound the index does not
    // know is cut into the index's own words: 상담센터 finds 상담 센터.
    this.compounds = data.query.contains === null ? null :
      new text.VocabularySegmenter(vocabulary, "best", isCompoundPart);
  }

  /* Two or more Hangul syllables: a word a Korean query compound may be cut into. */
  function isCompoundPart(term) { return /^[\uac00-\ud7a3]{2,}$/.test(term); }

  /* The shard holding an index term (terms are numbered in sorted order), or -1. */
  SearchIndex.prototype.shardOf = function (term) {
    var number = this.termNumber(term), shards = this.data.shards;
    if (number < 0) return -1;
    if (this.sharded) return this.shardFor(term);
    var low = 0, high = shards.length - 1;
    while (low < high) {
      var middle = (low + high + 1) >> 1;
      if (shards[middle][0] <= number) low = middle; else high = middle - 1;
    }
    return low;
  };

  /* With the vocabulary in the shards: the shard a term would be in (the last whose first
   * term is not after it), or -1 before the first. */
  SearchIndex.prototype.shardFor = function (term) {
    var shards = this.data.shards, low = 0, high = shards.length;
    while (low < high) {
      var middle = (low + high) >> 1;
      if (shards[middle][2] <= term) low = middle + 1; else high = middle;
    }
    return low - 1;
  };

  /* The shards a query needs that are not loaded yet: [[number, file name], ...]. With the
   * vocabulary in the shards, loading them may show that more are needed (a word's prefix
   * run goes on into the next shard): ask again until none is missing. */
  SearchIndex.prototype.missingShards = function (query) {
    var self = this, wanted = {};
    if (this.split) {
      this.split.wanted = {};
      this.parse(query);  // its lookups note the vocabulary shards they lacked
      var lacked = this.split.wanted;
      if (Object.keys(lacked).length) return Object.keys(lacked).sort().map(function (key) { return [key, lacked[key]]; });
    }
    if (this.sharded) {
      this.vocabularyShards(query).forEach(function (shard) { wanted[shard] = self.data.shards[shard][1]; });
      return Object.keys(wanted).map(function (k) { return [Number(k), wanted[k]]; });
    }
    this.parse(query).forEach(function (group) {
      group.clauses.forEach(function (clause) {
        var shard = self.shardOf(clause.term);
        if (shard >= 0 && !self.loaded[shard]) wanted[shard] = self.data.shards[shard][1];
      });
    });
    return Object.keys(wanted).map(function (k) { return [Number(k), wanted[k]]; });
  };

  /* Keep a query's transfer bounded: the exact terms' shards always, and for the terms a
   * word was widened to (prefixes, words inside words), at most WIDER_SHARDS more shards, those
   * holding most of them. The choice depends on the query and the index only, never on what
   * happens to be loaded, so a query always gives the same results. */
  SearchIndex.prototype.bound = function (groups) {
    var self = this, exact = {}, counts = {};
    groups.forEach(function (group) {
      group.clauses.forEach(function (clause) {
        clause.shard = self.shardOf(clause.term);
        if (clause.boost === EXACT_BOOST) exact[clause.shard] = true;
      });
    });
    groups.forEach(function (group) {
      group.clauses.forEach(function (clause) {
        if (!exact[clause.shard]) counts[clause.shard] = (counts[clause.shard] || 0) + 1;
      });
    });
    var kept = Object.keys(counts).map(Number).sort(function (a, b) {
      return counts[b] - counts[a] || a - b;
    }).slice(0, WIDER_SHARDS);
    kept.forEach(function (shard) { exact[shard] = true; });
    groups.forEach(function (group) {
      group.clauses = group.clauses.filter(function (clause) { return exact[clause.shard]; });
    });
    return groups;
  };

  /* With the vocabulary in the shards: the unloaded shards that hold, or may hold, a query
   * word's terms: each term's own shard and, where the word also finds the words it begins,
   * the next shard while the run of such words goes on (parse() widens against the loaded
   * shards only, so the words are parse()'s own). */
  SearchIndex.prototype.vocabularyShards = function (query) {
    var self = this, wanted = [];
    if (!this.data.shards.length) return wanted;
    function want(shard) { if (shard >= 0 && !self.loaded[shard] && wanted.indexOf(shard) < 0) wanted.push(shard); }
    this.parse(query).forEach(function (group) {
      group.clauses.forEach(function (clause) {
        if (clause.boost !== EXACT_BOOST) return;
        want(Math.max(self.shardFor(clause.term), 0));
        if (self.widensByPrefix(group.kind, clause.term)) want(self.prefixRun(clause.term).next);
      });
    });
    return wanted;
  };

  /* With the vocabulary in the shards: the loaded terms that begin with term (at most
   * MAX_EXPANSIONS), and the shard the run may go on in that is not loaded yet (else -1). */
  SearchIndex.prototype.prefixRun = function (term) {
    var found = [], shards = this.data.shards;
    for (var shard = Math.max(this.shardFor(term), 0); shard < shards.length; shard++) {
      var own = this.shardTerms[shard];
      if (!own) return { terms: found, next: shard };
      var at = bisectLeft(own, term);
      while (at < own.length && own[at].startsWith(term) && found.length < MAX_EXPANSIONS) found.push(own[at++]);
      if (at < own.length || found.length >= MAX_EXPANSIONS || shard + 1 >= shards.length ||
          !shards[shard + 1][2].startsWith(term)) break;
    }
    return { terms: found, next: -1 };
  };

  SearchIndex.prototype.addShard = function (number, content) {
    if (typeof number === "string" && this.split) {  // a split vocabulary's shard (missingShards)
      this.split.add(number, content);
      this.index = null;
      return;
    }
    var postings = Array.isArray(content) ? content : content && content.postings;
    var terms = Array.isArray(content) ? null : content && content.terms;  // the vocabulary is in the shards
    if (!Array.isArray(postings) || (terms !== null && !Array.isArray(terms))) {
      throw new Error("search shard " + number + " holds no postings: rebuild the site");
    }
    this.loaded[number] = postings;
    if (terms) this.shardTerms[number] = terms;
    this.index = null;
  };

  /* Load the shards the query needs with fetchJson(name) -> Promise, then resolve. */
  SearchIndex.prototype.prepare = function (query, fetchJson) {
    var self = this, missing = this.missingShards(query);
    if (!missing.length) return Promise.resolve();
    return Promise.all(missing.map(function (shard) {
      return fetchJson(shard[1]).then(function (content) { self.addShard(shard[0], content); });
    })).then(function () { return self.prepare(query, fetchJson); });
  };

  /* Every shard of the index, as missingShards names them (for loading it whole). */
  SearchIndex.prototype.allShards = function () {
    var all = this.data.shards.map(function (shard, number) { return [number, shard[1]]; });
    if (this.split) {
      this.data.words.forEach(function (shard, k) { all.push(["w" + k, shard[1]]); });
      this.data.endings.forEach(function (shard, k) { all.push(["e" + k, shard[1]]); });
    }
    return all;
  };

  SearchIndex.prototype.lunrIndex = function () {
    var split = this.split, terms = split ? function (number) { return split.names[number]; } : this.vocabulary;
    if (!this.index) this.index = this.lunr.Index.load(expand(this.data, this.loaded, this.shardTerms, terms));
    return this.index;
  };

  function bisectLeft(sorted, value) {
    var low = 0, high = sorted.length;
    while (low < high) {
      var middle = (low + high) >> 1;
      if (sorted[middle] < value) low = middle + 1; else high = middle;
    }
    return low;
  }

  /* A term's number (its place in the sorted vocabulary), or -1 (with the vocabulary in the
   * shards: -1 too when its shard is not loaded). */
  SearchIndex.prototype.termNumber = function (term) {
    if (this.split) return this.split.number(term);
    if (this.sharded) {
      var shard = this.shardFor(term), own = shard >= 0 ? this.shardTerms[shard] : null;
      if (!own) return -1;
      var at = bisectLeft(own, term);
      return own[at] === term ? this.data.shards[shard][0] + at : -1;
    }
    var terms = this.vocabulary, low = bisectLeft(terms, term);
    return terms[low] === term ? low : -1;
  };

  SearchIndex.prototype.terms = function (word) {
    var seen = {};
    return this.pipeline.runString(word).filter(function (term) {
      if (!term || seen[term]) return false;
      seen[term] = true;
      return true;
    });
  };

  /* Index terms that begin with term: a contiguous run of the sorted terms (with the
   * vocabulary in the shards, of the loaded shards from the term's own on). */
  SearchIndex.prototype.withPrefix = function (term) {
    if (this.sharded) return this.prefixRun(term).terms;
    if (this.split) return this.split.withPrefix(term, MAX_EXPANSIONS);
    var found = [];
    var terms = this.vocabulary;
    for (var i = bisectLeft(terms, term); i < terms.length && terms[i].startsWith(term) &&
         found.length < MAX_EXPANSIONS; i++) {
      found.push(terms[i]);
    }
    return found;
  };

  /* Index terms that hold term at their start or where a word can start inside them (never
   * inside a cluster), in order (none of a spaceless script, the only ones a query with the
   * vocabulary in the shards asks for here, are in such an index). A split vocabulary gives
   * the same terms; past MAX_EXPANSIONS, those it meets first in its ending shards. */
  SearchIndex.prototype.containing = function (term) {
    if (this.sharded) return [];
    if (this.split) {
      var begun = this.split.withPrefix(term, MAX_EXPANSIONS);
      var further = this.split.inside(term, MAX_EXPANSIONS).filter(function (found) { return !found.startsWith(term); });
      return begun.concat(further.slice(0, MAX_EXPANSIONS - begun.length)).sort();
    }
    var terms = this.vocabulary, found = [];
    for (var i = 0; i < terms.length && found.length < MAX_EXPANSIONS; i++) {
      if (holdsAtWordStart(this.text, terms[i], term)) found.push(terms[i]);
    }
    return found;
  };

  /* The query words, each with the index terms that find it and their boosts.
   * Wildcards are expanded here against the sorted term list rather than by
   * lunr's TokenSet: a leading wildcard makes lunr walk the whole vocabulary
   * automaton for every clause. */
  SearchIndex.prototype.parse = function (query) {
    var self = this, groups = [], seen = {};
    this.text.tokenize(String(query).slice(0, 500), this.segmenter).forEach(function (token) {
      if (groups.length >= MAX_WORDS) return;
      var terms = self.terms(token.text), key = terms.join(" ");
      if (!terms.length || seen[key]) return;
      seen[key] = true;
      if (self.compounds && token.kind === "word" && terms.every(function (term) {
        return !self.containing(term).length;
      })) {
        var chars = Array.from(terms[0]), parts = self.compounds.segment(chars);
        if (parts.length > 1) {
          parts.forEach(function (part) {
            var word = chars.slice(part[0], part[1]).join("");
            groups.push(self.group(word, [word], part[2] ? "word" : "unknown"));
          });
          return;
        }
      }
      groups.push(self.group(token.text, terms, token.kind));
    });
    return this.bound(groups.slice(0, MAX_WORDS));
  };

  /* Whether a query word's term also finds the index terms it begins (the language's profile). */
  SearchIndex.prototype.widensByPrefix = function (kind, term) {
    return kind === "word" && this.profile.prefix !== null && length(term) >= this.profile.prefix;
  };

  /* One query word: the index terms that find it, with their boosts. */
  SearchIndex.prototype.group = function (word, terms, kind) {
    var self = this, boosts = {};
    terms.forEach(function (term) {
      var size = length(term), wider = [];
      var inside = kind === "unknown" || (kind === "segment" && size >= 2) ||
        (kind === "word" && self.profile.contains !== null && size >= self.profile.contains);
      if (inside) {
        wider = self.containing(term);
      } else if (self.widensByPrefix(kind, term)) {
        wider = self.withPrefix(term);
      }
      wider.forEach(function (found) { boosts[found] = Math.max(boosts[found] || 0, WIDER_BOOST); });
      boosts[term] = EXACT_BOOST;
    });
    return {
      word: word, kind: kind,
      clauses: Object.keys(boosts).map(function (term) { return { term: term, boost: boosts[term] }; })
    };
  };

  SearchIndex.prototype.matches = function (group) {
    var found = {}, wildcardNone = this.lunr.Query.wildcard.NONE;
    this.lunrIndex().query(function (q) {
      group.clauses.forEach(function (clause) {
        q.term(clause.term, { boost: clause.boost, wildcard: wildcardNone, usePipeline: false });
      });
    }).forEach(function (result) {
      found[result.ref] = { score: result.score, terms: Object.keys(result.matchData.metadata) };
    });
    return found;
  };

  /* Pages matching every word of the query, best first (after prepare(query) has loaded
   * its shards): [{page, title, lang, url, doc, score, terms}]. The best document's heading,
   * anchor and text are in its text chunk (chunkOf). */
  SearchIndex.prototype.search = function (query) {
    var self = this, groups = this.parse(query);
    if (!groups.length) return [];
    var perGroup = groups.map(function (group) { return self.matches(group); });
    var pages = {};
    perGroup.forEach(function (found, g) {
      Object.keys(found).forEach(function (ref) {
        var doc = Number(ref), page = self.pageOf[doc];
        var entry = pages[page] = pages[page] || { best: [], docs: {} };
        entry.best[g] = Math.max(entry.best[g] || 0, found[ref].score);
        var docEntry = entry.docs[doc] = entry.docs[doc] || { score: 0, terms: [] };
        docEntry.score += found[ref].score;
        docEntry.terms = docEntry.terms.concat(found[ref].terms);
      });
    });
    var results = [];
    Object.keys(pages).forEach(function (key) {
      var entry = pages[key], score = 0, complete = true;
      for (var g = 0; g < groups.length; g++) {
        if (entry.best[g] === undefined) { complete = false; break; }
        score += entry.best[g];
      }
      if (!complete) return;
      var bestDoc = null, terms = [];
      Object.keys(entry.docs).map(Number).sort(function (a, b) { return a - b; }).forEach(function (doc) {
        terms = terms.concat(entry.docs[doc].terms);
        if (bestDoc === null || entry.docs[doc].score > entry.docs[bestDoc].score) bestDoc = doc;
      });
      var page = Number(key);
      results.push({
        page: page, title: self.data.pages[page][0], url: self.data.pages[page][1],
        lang: self.data.pages[page][3] || "", doc: bestDoc, score: score, terms: Array.from(new Set(terms))
      });
    });
    results.sort(function (a, b) { return b.score - a.score || a.page - b.page; });
    return results;
  };

  /* The text chunk holding a document's [heading, anchor, text], and the document's place in it. */
  SearchIndex.prototype.chunkOf = function (doc) {
    var chunks = this.data.chunks, found = 0;
    for (var i = 0; i < chunks.length; i++) if (chunks[i][0] <= doc) found = i;
    return { file: chunks[found][1], offset: doc - chunks[found][0] };
  };

  /* [start, end) UTF-16 ranges of text.normalize("NFC") where a matched term is. */
  SearchIndex.prototype.highlights = function (text, terms) {
    var self = this, wanted = new Set(terms), normalized = String(text).normalize("NFC");
    var chars = Array.from(normalized), units = [0];
    chars.forEach(function (ch, i) { units.push(units[i] + ch.length); });
    var ranges = [];
    this.text.tokenize(normalized, this.segmenter).forEach(function (token) {
      if (self.terms(token.text).some(function (term) { return wanted.has(term); })) {
        ranges.push([units[token.start], units[token.end]]);
      }
    });
    var lower = normalized.toLowerCase();
    if (lower.length === normalized.length) {
      wanted.forEach(function (term) {
        if (!term || !self.text.isSpaceless(term)) return;
        for (var at = lower.indexOf(term); at >= 0; at = lower.indexOf(term, at + term.length)) {
          ranges.push([at, at + term.length]);
        }
      });
    }
    return mergeRanges(ranges);
  };

  function mergeRanges(ranges) {
    ranges.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var merged = [];
    ranges.forEach(function (range) {
      var last = merged[merged.length - 1];
      if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
      else merged.push([range[0], range[1]]);
    });
    return merged;
  }

  /* A window of text around the first highlight: [{text, mark}], with "…" where cut. */
  function snippet(text, ranges, width) {
    width = width || 160;
    text = String(text).normalize("NFC");
    var start = 0;
    if (ranges.length && ranges[0][0] > width / 3) {
      start = ranges[0][0] - Math.floor(width / 4);
      var space = text.indexOf(" ", start);
      if (space >= 0 && space < ranges[0][0] && space - start < 20) start = space + 1;
    }
    var end = Math.min(text.length, start + width);
    if (end < text.length) {
      var cut = text.lastIndexOf(" ", end);
      if (cut > start + width / 2) end = cut;
    }
    start = safeBoundary(text, start);
    end = safeBoundary(text, end);
    var parts = [], position = start;
    if (start > 0) parts.push({ text: "… ", mark: false });
    ranges.forEach(function (range) {
      var from = Math.max(range[0], start), to = Math.min(range[1], end);
      if (from >= to) return;
      if (from > position) parts.push({ text: text.slice(position, from), mark: false });
      parts.push({ text: text.slice(from, to), mark: true });
      position = to;
    });
    if (position < end) parts.push({ text: text.slice(position, end), mark: false });
    if (end < text.length) parts.push({ text: " …", mark: false });
    return parts;
  }

  /* Never cut between a surrogate pair or before a combining mark. */
  function safeBoundary(text, index) {
    while (index > 0 && index < text.length &&
           (/[\uDC00-\uDFFF]/.test(text[index]) || /^\p{M}/u.test(text.slice(index)))) {
      index--;
    }
    return index;
  }

  return { expand: expand, SearchIndex: SearchIndex, snippet: snippet, FORMAT: FORMAT };
});
