/// Code-backed rule kinds. A rule file names one with `analysis: <kind>` and configures it with
/// `settings:`; the factory validates those settings eagerly (unknown keys are errors).
public enum AnalysisRegistry {
    public typealias Factory = @Sendable (RuleMeta, Settings, Set<FieldKind>) throws -> AnyCheck

    public static let factories: [String: Factory] = [
        "reader": { meta, settings, _ in try settings.rejectUnknown([]); return .document(ReaderFindings(meta: meta)) },
        "invalid-utf8": { meta, settings, _ in try settings.rejectUnknown([]); return .document(InvalidUTF8(meta: meta)) },
        "missing-field": { meta, settings, _ in .entry(try MissingField(meta: meta, settings: settings)) },
        "corrupted-term": { meta, settings, _ in let s = try TermSettings(settings); return .document(CorruptedTerms(meta: meta, settings: s, lexData: s.lexiconData())) },
        "placeholder-discovered": { meta, settings, _ in let s = try TermSettings(settings); return .document(PlaceholderDiscovered(meta: meta, settings: s, lexData: s.lexiconData())) },
        "duplicate-entry": { meta, settings, _ in .document(try DuplicateEntries(meta: meta, settings: settings)) },
        "repeated-author": { meta, settings, _ in .entry(try RepeatedAuthor(meta: meta, settings: settings)) },
        "title-colon": { meta, settings, _ in .document(try TitleColon(meta: meta, settings: settings)) },
        "author-case": { meta, settings, _ in .entry(try AuthorCase(meta: meta, settings: settings)) },
        "mojibake": { meta, settings, scope in .entry(try Mojibake(meta: meta, settings: settings, scope: scope)) },
        "mixed-script": { meta, settings, scope in .entry(try MixedScript(meta: meta, settings: settings, scope: scope)) },
        "fused-word": { meta, settings, scope in .entry(try FusedWords(meta: meta, settings: settings, scope: scope)) },
        "entry-date": { meta, settings, _ in .entry(try EntryDate(meta: meta, settings: settings)) },
        "number-gap": { meta, settings, scope in .entry(try NumberGap(meta: meta, settings: settings, scope: scope)) },
        "not-nfc": { meta, settings, scope in .entry(try NotNFC(meta: meta, settings: settings, scope: scope)) },
    ]
}
