/// What the dense and sparse solvers share for the second half of a phase: after a multi-source Dijkstra
/// has made shortest paths tight, rounds of depth-first searches along tight pairs augment the free rows.
protocol TightPathRounds: AnyObject {
    /// The free rows, `freeCount` of them.
    var freeRows: UnsafeMutablePointer<Int32> { get }
    var freeCount: Int { get set }
    /// Columns tried by this round's searches: a flag per column and the list of flagged columns.
    var visited: UnsafeMutablePointer<Bool> { get }
    var visitedList: UnsafeMutablePointer<Int32> { get }
    var visitedCount: Int { get set }
    /// Depth-first search over tight pairs from a free row to a column with room, skipping visited columns;
    /// augments and returns true when it finds one.
    func augmentAlongTightPath(from start: Int) -> Bool
}

extension TightPathRounds {
    /// Rounds of tight-path searches, one per free row; rows left without a path stay free, in order. The
    /// searches of one round skip columns earlier searches tried; augmenting reverses paths and can open new
    /// tight paths, so rounds repeat while they make progress.
    @inline(__always) func augmentAlongTightPathsInRounds() {
        while true {
            var stillFree = 0
            for index in 0..<freeCount {
                let row = freeRows[index]
                if !augmentAlongTightPath(from: Int(row)) {
                    freeRows[stillFree] = row
                    stillFree += 1
                }
            }
            for index in 0..<visitedCount { visited[Int(visitedList[index])] = false }
            visitedCount = 0
            let progressed = stillFree < freeCount
            freeCount = stillFree
            if !progressed || stillFree == 0 { break }
        }
    }
}
