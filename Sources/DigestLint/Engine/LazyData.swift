import Foundation
import Synchronization

/// Data a check reads from a file (a lexicon, a statistics table) that is worth loading only when the
/// check runs. `Linter.prepare()` loads the data of the enabled checks (in parallel, each file once);
/// a check that runs unprepared loads it on first use.
public protocol Preloadable: AnyObject, Sendable {
    /// Loads the data now (once); throws the load's error (a `ConfigError` naming the file and line).
    func preload() throws
}

/// A value loaded on first use, once per process for its key, shared by every thread and every check
/// that names the same key. After loading, reads are a single acquiring load (no lock).
public final class LazyData<T>: Preloadable, @unchecked Sendable {
    private let ready = Atomic<Bool>(false)
    private var stored: Result<T, any Error>?
    /// The loaded value, set (before `ready` is released) when the load succeeded: the read path.
    private var loaded: T?
    private let lock = NSLock()
    private let load: () throws -> T
    public let key: String

    private init(key: String, load: @escaping () throws -> T) {
        self.key = key
        self.load = load
    }

    /// The process-wide handle for `key` (e.g. "lexicon:/path/to/file"); `load` runs at most once per key.
    /// Keys must name one type: the first handle made for a key is returned to later callers.
    public static func shared(key: String, load: @escaping () throws -> T) -> LazyData<T> {
        LazyDataRegistry.lock.lock(); defer { LazyDataRegistry.lock.unlock() }
        if let h = LazyDataRegistry.handles[key] as? LazyData<T> { return h }
        let h = LazyData(key: key, load: load)
        LazyDataRegistry.handles[key] = h
        return h
    }

    /// A handle of its own (not shared by key), for data made in code.
    public static func unshared(_ load: @escaping () throws -> T) -> LazyData<T> { LazyData(key: "", load: load) }

    public var isLoaded: Bool { ready.load(ordering: .acquiring) }

    public func get() throws -> T {
        if ready.load(ordering: .acquiring) { return try stored!.get() }
        lock.lock(); defer { lock.unlock() }
        if stored == nil {
            let r = Result { try load() }
            stored = r
            loaded = try? r.get()
            ready.store(true, ordering: .releasing)
        }
        return try stored!.get()
    }

    public func preload() throws { _ = try get() }

    /// The loaded value. The CLI prepares every enabled check before linting, so a bad data file stops
    /// the run (exit 2) before this is read; reading it unprepared with a bad file is a programming error.
    public var value: T {
        if ready.load(ordering: .acquiring), let v = loaded { return v }
        do { return try get() } catch { preconditionFailure("data '\(key)' failed to load (call Linter.prepare first): \(error)") }
    }
}

enum LazyDataRegistry {
    static let lock = NSLock()
    nonisolated(unsafe) static var handles: [String: AnyObject] = [:]
}

