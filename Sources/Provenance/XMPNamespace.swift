/// Namespace URIs of the XMP schemas Bulwark reads.
public enum XMPNamespace {
    public static let rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    public static let xmp = "http://ns.adobe.com/xap/1.0/"
    public static let dc = "http://purl.org/dc/elements/1.1/"
    public static let photoshop = "http://ns.adobe.com/photoshop/1.0/"
    public static let iptcExt = "http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
    public static let iptcCore = "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/"
    public static let exif = "http://ns.adobe.com/exif/1.0/"
    public static let tiff = "http://ns.adobe.com/tiff/1.0/"
    public static let xmpMM = "http://ns.adobe.com/xap/1.0/mm/"
    public static let stEvt = "http://ns.adobe.com/xap/1.0/sType/ResourceEvent#"
    public static let xmpNote = "http://ns.adobe.com/xmp/note/"
    public static let plus = "http://ns.useplus.org/ldf/xmp/1.0/"

    /// Conventional prefixes, used to print property names.
    static let prefixes: [String: String] = [
        rdf: "rdf", xmp: "xmp", dc: "dc", photoshop: "photoshop", iptcExt: "Iptc4xmpExt", iptcCore: "Iptc4xmpCore",
        exif: "exif", tiff: "tiff", xmpMM: "xmpMM", stEvt: "stEvt", xmpNote: "xmpNote", plus: "plus",
        "http://ns.adobe.com/xap/1.0/rights/": "xmpRights", "http://ns.adobe.com/xap/1.0/sType/ResourceRef#": "stRef",
        "http://ns.adobe.com/exif/1.0/aux/": "aux", "http://ns.adobe.com/camera-raw-settings/1.0/": "crs",
        "http://c2pa.org/": "c2pa",
    ]

    static func prefixed(_ namespace: String, _ name: String) -> String {
        "\(prefixes[namespace] ?? namespace):\(name)"
    }
}
