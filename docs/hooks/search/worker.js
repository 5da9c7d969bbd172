// The site's search worker: Material for MkDocs' own worker, which it loads, with one change to
// the query. Material cuts a query's Chinese greedily against the index's words and never keeps a
// word that ends the query, so 人脸识别 was searched as 人脸 and 识; the index was cut by jieba.
// Here each run of Chinese characters is first cut the way jieba cut the index: the path of the
// index's own words (the `words` the build hook adds to the index's config, with jieba's
// frequencies) of highest probability, then jieba's HMM on what is left. Each word then reaches
// Material whole: a backslash between its characters keeps Material's cutter off it, and lunr's
// query parser drops the backslashes.
// Generated into the site by docs/hooks/search_index.py, which names Material's worker below.
"use strict"

const HAN = /\p{sc=Han}+/gu
const SETUP = 0
const QUERY = 2
let words = new Map()
let logTotal = 0

// jieba's route (Tokenizer.get_DAG and calc): from the end of the run back, the best-scoring
// word that starts at each position, a lone character (frequency 1) where no word starts; ties go
// to the longer word, as in jieba.
function cut(run) {
  const route = new Array(run.length + 1)
  route[run.length] = [0, run.length]
  for (let start = run.length - 1; start >= 0; start--) {
    let best = [Math.log(1) - logTotal + route[start + 1][0], start + 1]
    let found = false
    for (let end = start + 1; end <= run.length; end++) {
      const frequency = words.get(run.slice(start, end))
      if (!frequency) continue
      const score = Math.log(frequency) - logTotal + route[end][0]
      if (!found || score >= best[0]) best = [score, end]
      found = true
    }
    route[start] = best
  }
  const cuts = []
  for (let start = 0; start < run.length; start = route[start][1])
    cuts.push(run.slice(start, route[start][1]))
  return joinUnknown(cuts)
}

// jieba then cuts a stretch of lone characters that is no dictionary word with its HMM (Hidden
// Markov Model: finalseg.viterbi and __cut), which joins some of them into words: the same model
// here, its probabilities shipped in the index (config.hmm), the same sums in the same order, and
// ties broken as Python's max of (probability, state) breaks them.
const STATES = "BMES"
const PREVIOUS = { B: "ES", M: "MB", S: "SE", E: "BM" }
const MIN_FLOAT = -3.14e100
let hmm = { start: {}, transitions: {}, emissions: {} }

function emission(state, char) {
  const known = hmm.emissions[char]
  const probability = known ? known[STATES.indexOf(state)] : null
  return probability === null ? MIN_FLOAT : probability
}

function transition(from, to) {
  const probability = hmm.transitions[from][to]
  return probability === undefined ? MIN_FLOAT : probability
}

function best(options) {
  return options.reduce((top, option) => option[0] > top[0] || (option[0] === top[0] && option[1] > top[1]) ? option : top)
}

function viterbi(chars) {
  let scores = {}
  let paths = {}
  for (const state of STATES) {
    scores[state] = hmm.start[state] + emission(state, chars[0])
    paths[state] = [state]
  }
  for (let t = 1; t < chars.length; t++) {
    const next = {}
    const nextPaths = {}
    for (const state of STATES) {
      const emitted = emission(state, chars[t])
      const [score, from] = best([...PREVIOUS[state]].map(previous =>
        [scores[previous] + transition(previous, state) + emitted, previous]))
      next[state] = score
      nextPaths[state] = [...paths[from], state]
    }
    scores = next
    paths = nextPaths
  }
  return paths[best([...("ES")].map(state => [scores[state], state]))[1]]
}

function hmmCut(stretch) {
  const chars = [...stretch]
  const states = viterbi(chars)
  const cuts = []
  let begin = 0
  let next = 0
  chars.forEach((char, i) => {
    if (states[i] === "B") begin = i
    else if (states[i] === "E") {
      cuts.push(chars.slice(begin, i + 1).join(""))
      next = i + 1
    } else if (states[i] === "S") {
      cuts.push(char)
      next = i + 1
    }
  })
  if (next < chars.length) cuts.push(chars.slice(next).join(""))
  return cuts
}

function joinUnknown(cuts) {
  const joined = []
  for (let i = 0; i < cuts.length;) {
    if (cuts[i].length > 1) {
      joined.push(cuts[i++])
      continue
    }
    let end = i
    while (end < cuts.length && cuts[end].length === 1) end++
    const stretch = cuts.slice(i, end).join("")
    if (stretch.length === 1 || words.get(stretch))
      joined.push(...stretch)
    else
      joined.push(...hmmCut(stretch))
    i = end
  }
  return joined
}

function prepare(query) {
  return query.replace(HAN, run => " " + cut(run).map(word => [...word].join("\\")).join(" ") + " ").trim()
}

addEventListener("message", event => {
  // The messages this listener re-sends below are not trusted, and go on to Material's listener.
  if (!event.isTrusted) return
  const message = event.data
  if (message.type === SETUP) {
    words = new Map(Object.entries(message.data.config.words || {}))
    logTotal = Math.log(message.data.config.total || 1)
    hmm = message.data.config.hmm || hmm
  } else if (message.type === QUERY) {
    event.stopImmediatePropagation()
    dispatchEvent(new MessageEvent("message", { data: { type: QUERY, data: prepare(message.data) } }))
  }
})

importScripts("MATERIAL_WORKER")
