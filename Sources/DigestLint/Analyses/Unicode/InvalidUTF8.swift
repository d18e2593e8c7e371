/// Bytes that are not valid UTF-8, each reported at its offset; checking goes on around them.
struct InvalidUTF8: DocumentCheck {
    let meta: RuleMeta
    func check(_ ctx: CheckContext) -> [Diagnostic] {
        let bytes = ctx.document.source.bytes
        let offsets = UTF8Scan.invalidOffsets(bytes, limit: 100)
        return offsets.map { off in
            let hex = String(bytes[off], radix: 16, uppercase: true)
            let entry = ctx.document.entries.first { $0.range.start <= off && off < $0.range.end }
            return Diagnostic(rule: meta.id, category: meta.category, severity: meta.severity,
                              message: "invalid UTF-8 byte 0x\(hex) at offset \(off)",
                              entry: entry?.index, field: entry?.fields.first { $0.sourceRange.start <= off && off < $0.sourceRange.end }?.kind,
                              range: ByteRange(off, off + 1))
        }
    }
}
