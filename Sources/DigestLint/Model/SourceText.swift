import Foundation

/// The bytes of one input, as read: the source of truth for every range and edit.
/// Line starts are found once, in one scan; line and column are derived only when reporting.
public final class SourceText: @unchecked Sendable {
    public let path: String
    public let bytes: [UInt8]
    /// Byte offset of the first byte of every line (line 1 starts at 0).
    public let lineStarts: [Int]
    /// For long lines: the column at every `checkpointStride`-th byte of the line, built on first use,
    /// so that a column costs at most one stride of scanning however long the line is.
    private var checkpoints: [Int: [Int]] = [:]
    private let lock = NSLock()
    static let checkpointStride = 1024

    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
        var starts = [0]
        starts.reserveCapacity(bytes.count / 64 + 1)
        bytes.withUnsafeBufferPointer { buf in
            for i in 0..<buf.count where buf[i] == 0x0A { starts.append(i + 1) }
        }
        lineStarts = starts
    }

    public convenience init(path: String, text: String) {
        self.init(path: path, bytes: Array(text.utf8))
    }

    /// 1-based line and column of a byte offset; columns count Unicode scalar values
    /// (every byte that does not continue a UTF-8 sequence starts one).
    public func location(of offset: Int) -> SourceLocation {
        let off = max(0, min(offset, bytes.count))
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= off { lo = mid } else { hi = mid - 1 }
        }
        var column = 1
        var i = lineStarts[lo]
        if off - i > SourceText.checkpointStride {
            let marks = columnCheckpoints(line: lo)
            let k = min((off - i) / SourceText.checkpointStride, marks.count - 1)
            column = marks[k]
            i += k * SourceText.checkpointStride
        }
        while i < off {
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return SourceLocation(offset: off, line: lo + 1, column: column)
    }

    /// Columns at every stride of a line (index k: the column of byte lineStart + k * stride).
    private func columnCheckpoints(line lo: Int) -> [Int] {
        lock.lock()
        defer { lock.unlock() }
        if let c = checkpoints[lo] { return c }
        let start = lineStarts[lo]
        let end = lo + 1 < lineStarts.count ? lineStarts[lo + 1] : bytes.count
        var marks = [1]
        var column = 1
        var i = start
        while i < end {
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
            if (i - start) % SourceText.checkpointStride == 0 { marks.append(column) }
        }
        checkpoints[lo] = marks
        return marks
    }

    /// The bytes of a line without its line terminator (LF or CRLF).
    public func lineRange(_ line: Int) -> ByteRange {
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
        if end > start, bytes[end - 1] == 0x0D { end -= 1 }
        return ByteRange(start, max(start, end))
    }

    public func text(_ r: ByteRange) -> String {
        String(decoding: bytes[r.start..<r.end], as: UTF8.self)
    }
}

public struct SourceLocation: Sendable, Equatable {
    public var offset: Int
    public var line: Int
    public var column: Int
}

/// A half-open range of UTF-8 byte offsets.
public struct ByteRange: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var start: Int
    public var end: Int
    public init(_ start: Int, _ end: Int) { self.start = start; self.end = end }
    public var count: Int { end - start }
    public var isEmpty: Bool { start == end }
    public func overlaps(_ o: ByteRange) -> Bool { start < o.end && o.start < end || (isEmpty && o.start <= start && start < o.end) }
    public func contains(_ o: ByteRange) -> Bool { start <= o.start && o.end <= end }
    public func shifted(by d: Int) -> ByteRange { ByteRange(start + d, end + d) }
    public static func < (a: ByteRange, b: ByteRange) -> Bool { (a.start, a.end) < (b.start, b.end) }
    public var description: String { "\(start)..<\(end)" }
}
