/// The bytes of one input, as read: the source of truth for every range and edit.
/// Line starts are found once, in one scan; line and column are derived only when reporting.
public final class SourceText: @unchecked Sendable {
    public let path: String
    public let bytes: [UInt8]
    /// Byte offset of the first byte of every line (line 1 starts at 0).
    public let lineStarts: [Int]

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
        while i < off {
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return SourceLocation(offset: off, line: lo + 1, column: column)
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
