import Foundation

/// Reads a JSONL file in chunks of whole lines, so that memory is bounded by the chunk size (or
/// the longest line, when one is longer) instead of the file size. Each chunk is its own
/// `SourceText` with offsets local to it; `offset` and `line` say where it starts in the file.
public struct JSONLChunks {
    public struct Chunk {
        public let source: SourceText
        /// File offset of the chunk's first byte and number of lines before it.
        public let offset: Int
        public let line: Int
    }

    let handle: FileHandle
    let path: String
    let chunkSize: Int
    var carry: [UInt8] = []
    var offset = 0
    var line = 0
    var eof = false
    public private(set) var bytesRead = 0

    public init(path: String, chunkSize: Int = 4 << 20) throws {
        if path == "-" { handle = .standardInput; self.path = "<stdin>" } else {
            guard let h = FileHandle(forReadingAtPath: path) else { throw ConfigError(file: path, message: "cannot be read") }
            handle = h; self.path = path
        }
        self.chunkSize = max(1 << 10, chunkSize)
    }

    /// The next chunk of complete lines (the last one may lack its newline); nil at the end.
    public mutating func next() throws -> Chunk? {
        var buf = carry
        carry = []
        while !eof {
            let data: Data
            do { data = try handle.read(upToCount: chunkSize) ?? Data() } catch {
                throw ConfigError(file: path, message: "cannot be read: \(error.localizedDescription)")
            }
            if data.isEmpty { eof = true; break }
            bytesRead += data.count
            let before = buf.count
            buf.append(contentsOf: data)
            // cut after the last newline once we have a chunk's worth
            if buf.count >= chunkSize, let nl = buf[before...].lastIndex(of: 0x0A) {
                carry = Array(buf[(nl + 1)...])
                buf.removeSubrange((nl + 1)...)
                break
            }
        }
        guard !buf.isEmpty else { return nil }
        let src = SourceText(path: path, bytes: buf)
        let chunk = Chunk(source: src, offset: offset, line: line)
        offset += buf.count
        line += src.lineStarts.count - (buf.last == 0x0A ? 1 : 0)
        return chunk
    }
}
