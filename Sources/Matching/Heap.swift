/// A binary min-heap of column numbers keyed by distance, with decrease-key; O(columns) memory.
final class IndexedMinHeap {
    private let keys: UnsafeMutablePointer<Int64>
    private let items: UnsafeMutablePointer<Int32>
    /// Where each column sits in the heap, -1 when absent.
    private let position: UnsafeMutablePointer<Int32>
    private let capacity: Int
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 1)
        keys = .allocate(capacity: self.capacity)
        items = .allocate(capacity: self.capacity)
        position = .allocate(capacity: self.capacity)
        position.initialize(repeating: -1, count: self.capacity)
    }

    deinit {
        keys.deallocate()
        items.deallocate()
        position.deallocate()
    }

    @inline(__always) func insertOrDecrease(_ item: Int32, key: Int64) {
        var index = Int(position[Int(item)])
        if index < 0 {
            index = count
            count += 1
        }
        siftUp(from: index, item: item, key: key)
    }

    @inline(__always) private func siftUp(from start: Int, item: Int32, key: Int64) {
        var index = start
        while index > 0 {
            let parent = (index - 1) >> 1
            let parentKey = keys[parent]
            if parentKey <= key { break }
            keys[index] = parentKey
            items[index] = items[parent]
            position[Int(items[index])] = Int32(index)
            index = parent
        }
        keys[index] = key
        items[index] = item
        position[Int(item)] = Int32(index)
    }

    /// Removes and returns the column with the smallest key.
    @inline(__always) func popMinimum() -> (Int32, Int64)? {
        guard count > 0 else { return nil }
        let top = items[0], topKey = keys[0]
        position[Int(top)] = -1
        count -= 1
        if count > 0 {
            let item = items[count], key = keys[count]
            var index = 0
            while true {
                var child = 2 * index + 1
                if child >= count { break }
                if child + 1 < count, keys[child + 1] < keys[child] { child += 1 }
                if keys[child] >= key { break }
                keys[index] = keys[child]
                items[index] = items[child]
                position[Int(items[index])] = Int32(index)
                index = child
            }
            keys[index] = key
            items[index] = item
            position[Int(item)] = Int32(index)
        }
        return (top, topKey)
    }

    func removeAll() {
        for index in 0..<count { position[Int(items[index])] = -1 }
        count = 0
    }
}
