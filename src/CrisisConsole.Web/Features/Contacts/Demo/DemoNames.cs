namespace CrisisConsole.Web.Features.Contacts.Demo;

/// <summary>Real-looking names for the demo contacts, in the script of each language.</summary>
internal static class DemoNames
{
    public static readonly string[] EnglishFirst =
    [
        "James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "William", "Elizabeth",
        "David", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Charles", "Karen",
        "Daniel", "Emily", "Matthew", "Olivia", "Andrew", "Grace", "Samuel", "Hannah", "George", "Amelia",
    ];

    public static readonly string[] EnglishLast =
    [
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson", "Taylor",
        "Moore", "Jackson", "White", "Harris", "Clark", "Lewis", "Walker", "Hall", "Young", "King",
        "Wright", "Scott", "Green", "Baker", "Adams", "Nelson", "Hill", "Campbell", "Mitchell", "O'Brien",
    ];

    public static readonly string[] FrenchFirst =
    [
        "Jean", "Marie", "Camille", "Élodie", "Théo", "Léa", "Hugo", "Chloé", "Louis", "Manon",
        "Gabriel", "Inès", "Raphaël", "Zoé", "Mathéo", "Anaïs", "Baptiste", "Clémence", "Jérôme", "Hélène",
        "François", "Cécile", "Amélie", "Benoît", "Aurélie", "Grégoire", "Margaux", "Noël", "Océane", "Sébastien",
    ];

    public static readonly string[] FrenchLast =
    [
        "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
        "Simon", "Laurent", "Lefèvre", "Michel", "Garnier", "David", "Bertrand", "Roux", "Vincent", "Fournier",
        "Morel", "Girard", "André", "Mercier", "Dupont", "Lambert", "Bonnet", "Légaré", "Châtelain", "Beaulieu",
    ];

    public static readonly string[] ArabicFirst =
    [
        "محمد", "أحمد", "علي", "عمر", "يوسف", "خالد", "حسن", "إبراهيم", "مصطفى", "سعيد",
        "فاطمة", "عائشة", "مريم", "زينب", "نور", "ليلى", "سارة", "هدى", "رنا", "سلمى",
        "كريم", "طارق", "ياسمين", "هالة", "عبد الله", "جمال", "رشيد", "سمير", "دينا", "أمينة",
    ];

    public static readonly string[] ArabicLast =
    [
        "العلي", "الحسن", "المصري", "الخطيب", "الشامي", "حداد", "الزين", "النجار", "العمر", "الأحمد",
        "السيد", "منصور", "الحلبي", "القاسم", "عثمان", "الصالح", "البكري", "الدباغ", "الحسيني", "الخوري",
    ];
}
