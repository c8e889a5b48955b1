// The element a page's script last moved focus to (recorded by the Tab walk's focus-move
// counter, harness/tab_walk.py), named by selectorOf; null when no script moved focus.
function scriptTaker() {
  const moves = window.__pespFocusMoves;
  const taker = moves && moves.taker;
  return taker && taker.isConnected ? selectorOf(taker) : null;
}
