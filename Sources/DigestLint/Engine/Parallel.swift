import Dispatch
import Foundation

/// A fixed pool of workers over numbered tasks: exactly `workers` threads (never more, whatever
/// the machine's width), each taking the next task index as it frees up, each with its own state.
public enum Parallel {
    public static var cores: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// Runs `body(t, state)` for every t in 0..<tasks; `state` is made once per worker by `context`.
    /// With one worker (or one task) everything runs on the calling thread, in order.
    public static func forEachTask<State>(_ tasks: Int, workers: Int, _ body: (Int, State) -> Void,
                                          context: () -> State) {
        guard tasks > 0 else { return }
        let n = max(1, min(workers, tasks))
        if n == 1 {
            let state = context()
            for t in 0..<tasks { body(t, state) }
            return
        }
        let next = TaskCounter()
        DispatchQueue.concurrentPerform(iterations: n) { _ in
            let state = context()
            while let t = next.take(below: tasks) { body(t, state) }
        }
    }

    /// `map` over 0..<count in contiguous chunks on `workers` threads; results in index order.
    public static func map<T>(_ count: Int, workers: Int, _ f: (Int) -> T) -> [T] {
        guard count > 0 else { return [] }
        let n = max(1, min(workers, count))
        if n == 1 { return (0..<count).map(f) }
        let out = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
        out.initialize(repeating: nil)
        defer { _ = out.deinitialize(); out.deallocate() }
        let chunks = min(count, n * 8)
        forEachTask(chunks, workers: n, { c, _ in
            for i in (count * c / chunks)..<(count * (c + 1) / chunks) { out[i] = f(i) }
        }, context: { () })
        return out.map { $0! }
    }
}

/// The next task index, handed out under a lock (tasks are coarse: a lock per task costs nothing).
final class TaskCounter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()
    func take(below limit: Int) -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard value < limit else { return nil }
        value += 1
        return value - 1
    }
}
