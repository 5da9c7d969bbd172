// The site's search worker: Material for MkDocs' own worker, which it loads, with one change to
// the query. Material cuts a query's Chinese greedily against the index's words and never keeps a
// word that ends the query, so 人脸识别 was searched as 人脸 and 识; the index was cut by jieba.
// Here each run of Chinese characters is first cut the way jieba cut the index: the path of the
// index's own words (the `words` the build hook adds to the index's config, with jieba's
// frequencies) of highest probability. Each word then reaches Material whole: a backslash between
// its characters keeps Material's cutter off it, and lunr's query parser drops the backslashes.
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
  return cuts
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
  } else if (message.type === QUERY) {
    event.stopImmediatePropagation()
    dispatchEvent(new MessageEvent("message", { data: { type: QUERY, data: prepare(message.data) } }))
  }
})

importScripts("MATERIAL_WORKER")
