//! Arabic-script letters (Arabic, Persian, Urdu) as one Latin consonant
//! each, the letter a Latin spelling's consonant skeleton has for it (see
//! `variants::skeleton`): ث "th" → t, ش "sh" → s, ض/ظ "d"/"z"/"dh" → d.
//! Short vowels are not written, and alif, hamza and ʿayn have no Latin
//! consonant; they come out as nothing. One letter per letter keeps the
//! skeleton unambiguous: deunicode writes ط ه as "th", which would read
//! as ث.

/// The consonant of an Arabic-script letter ("" for none), or `None` for
/// any other character.
pub(super) fn consonant(c: char) -> Option<&'static str> {
    Some(match c {
        'ا' | 'أ' | 'إ' | 'آ' | 'ٱ' | 'ء' | 'ع' | 'ة' | 'ۀ' => "",
        'ب' => "b",
        'ت' | 'ث' | 'ط' | 'ٹ' => "t",
        'ج' | 'ژ' => "j",
        'ح' | 'ه' | 'ہ' | 'ھ' => "h",
        'خ' | 'ك' | 'ک' | 'ق' => "k",
        'د' | 'ذ' | 'ض' | 'ظ' | 'ڈ' | 'ز' => "d",
        'ر' | 'ڑ' => "r",
        'س' | 'ش' | 'ص' | 'چ' => "s",
        'غ' | 'گ' => "g",
        'ف' => "f",
        'ل' => "l",
        'م' => "m",
        'ن' | 'ں' => "n",
        'و' | 'ؤ' => "w",
        'ي' | 'ى' | 'ی' | 'ئ' | 'ے' => "y",
        'پ' => "b",
        _ => return None,
    })
}

/// Whether `c` is in one of the Arabic-script blocks.
pub(super) fn is_arabic(c: char) -> bool {
    matches!(c as u32, 0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn skeleton(word: &str) -> String {
        word.chars().filter_map(consonant).collect()
    }

    #[test]
    fn letters_to_consonants() {
        assert_eq!(skeleton("محمد"), "mhmd");
        assert_eq!(skeleton("طه"), "th");
        assert_eq!(skeleton("عمر"), "mr");
        assert_eq!(skeleton("چوہدری"), "swhdry");
        assert_eq!(consonant('a'), None);
        assert!(is_arabic('ع') && !is_arabic('a'));
    }
}
