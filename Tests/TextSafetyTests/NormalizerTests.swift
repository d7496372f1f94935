import BulwarkCore
import Testing
@testable import TextSafety

@Suite struct NormalizerTests {
    func normalized(_ text: String) -> String { sharedEngine.normalize(text).expanded }

    @Test func compatibilityFormsAndCaseFold() {
        #expect(normalized("ＮＵＤＥ") == "nude")
        #expect(normalized("ﬁne") == "fine")
        #expect(normalized("𝐍𝐮𝐝𝐞") == "nude")
        #expect(normalized("Straße") == "strasse")
        #expect(normalized("ΣΟΦΟΣ ς") == normalized("σοφος σ"))
    }

    @Test func diacriticsAreDropped() {
        #expect(normalized("Éducation SEXUELLE à l'école") == "education sexuelle a l ecole")
        #expect(normalized("niño dieciséis") == "nino dieciseis")
        #expect(normalized("zwölf Jahre") == "zwolf jahre")
        // A combining mark typed separately, and "zalgo" stacks, vanish too.
        #expect(normalized("nu\u{0301}\u{0316}\u{0334}de") == "nude")
    }

    @Test func invisibleCharactersAreDropped() {
        #expect(normalized("nu\u{200B}de") == "nude")
        #expect(normalized("n\u{00AD}u\u{200D}d\u{2060}e\u{FEFF}") == "nude")
        #expect(normalized("ch\u{202E}ild") == "child")
    }

    @Test func confusablesFromCyrillicAndGreek() {
        // Cyrillic а, о, е and Greek ο, ν look like Latin letters.
        #expect(normalized("nаkеd") == "naked")
        #expect(normalized("tоddlеr") == "toddler")
        #expect(normalized("nοde") == "node")
        #expect(normalized("ΝUDE") == "nude")
    }

    @Test func leetspeak() {
        #expect(normalized("s3x") == "sex")
        #expect(normalized("n00d") == "nood")
        #expect(normalized("ch!ld") == "child")
        #expect(normalized("$exy") == "sexy")
        #expect(normalized("r@ygold") == "raygold")
        #expect(normalized("kid5") == "kids")
        // Digits that are numbers stay numbers and are split from letters.
        #expect(normalized("12yo") == "12 yo")
        #expect(normalized("age13") == "age 13")
        #expect(normalized("hi! c++") == "hi c")
    }

    @Test func splitLettersAreJoined() {
        #expect(normalized("n.u.d.e") == "nude")
        #expect(normalized("s e x y pics") == "sexy pics")
        #expect(normalized("c-h-i-l-d") == "child")
        // The gap width keeps words apart.
        #expect(normalized("N U D E   K I D S") == "nude kids")
        #expect(normalized("n.u.d.e k.i.d") == "nude kid")
        #expect(normalized("n . u . d . e") == "nude")
        // Two single letters are not joined.
        #expect(normalized("a b test") == "a b test")
    }

    @Test func repeatedLettersKeepTheirRuns() {
        let text = sharedEngine.normalize("nuuuude teen ten")
        #expect(text.squeezed == "nude ten ten")
        #expect(text.runs[1] == 4)
        #expect(text.runs[6] == 2)
        #expect(text.runs[10] == 1)
    }

    @Test func offsetsPointIntoTheOriginalBytes() throws {
        let original = "Photo: ÉCOLE, n\u{200B}ü.d.e 🙂 ＫＩＤ"
        let text = sharedEngine.normalize(original)
        let bytes = Array(original.utf8)
        for i in text.chars.indices {
            let slice = bytes[Int(text.starts[i])..<Int(text.ends[i])]
            #expect(!slice.isEmpty)
            #expect(Int(text.starts[i]) < Int(text.ends[i]))
        }
        let result = try check("A ｋｉｄ, n.\u{200B}ü.d.e")
        let kid = try #require(result.matches.first { $0.category == .minor })
        #expect(kid.text == "ｋｉｄ")
        let nude = try #require(result.matches.first { $0.category == .sexual })
        #expect(nude.text == "n.\u{200B}ü.d.e")
        #expect(nude.term == "nude")
        let utf8 = Array("A ｋｉｄ, n.\u{200B}ü.d.e".utf8)
        #expect(String(decoding: utf8[nude.start..<nude.end], as: UTF8.self) == nude.text)
    }

    @Test func invalidUTF8AndControlCharacters() throws {
        var bytes = Array("nu".utf8)
        bytes += [0xFF, 0xC0, 0x80, 0xED, 0xA0, 0x80] // invalid, overlong, surrogate
        bytes += Array("de\u{0007}\u{0000}kid".utf8)
        bytes += [0xE2, 0x82] // truncated sequence at the end
        let result = try sharedEngine.check(utf8: bytes)
        #expect(result.invalidUTF8Bytes == 8)
        #expect(result.controlCharacters == 2)
        #expect(result.categories.contains(.sexual))
        #expect(result.categories.contains(.minor))
    }

    @Test func emptyAndSeparatorOnlyText() throws {
        #expect(sharedEngine.normalize("").chars.isEmpty)
        #expect(sharedEngine.normalize(" \n\t ,.;!! ").chars.isEmpty)
        #expect(try check("").verdict == .allow)
    }
}
