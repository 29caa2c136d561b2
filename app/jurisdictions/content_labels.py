"""Human labels of the case content's paths, in the portal's four languages (en, fr, es, ar).

A key is a path *pattern*: field names joined by dots, `[]` for "an item of this list" and `*` for "a
jurisdiction's entry" (`perpetrators[].nationality`, `jurisdictions.*.ties_and_assets`). Item patterns
(`perpetrators[]`) name one item; the number (and name) of the item is added by
`app.workflows.labels`. tests/api/test_labels.py enumerates every pattern of the content model and fails
when one has no label here in every language.
"""

from collections.abc import Mapping
from typing import Literal

Lang = Literal["en", "fr", "es", "ar"]
LANGS: tuple[Lang, ...] = ("en", "fr", "es", "ar")


def _l(en: str, fr: str, es: str, ar: str) -> Mapping[Lang, str]:
    return {"en": en, "fr": fr, "es": es, "ar": ar}


_NOTES = _l("Notes", "Notes", "Notas", "ملاحظات")
_DESCRIPTION = _l("Description", "Description", "Descripción", "الوصف")
_COUNTRY = _l("Country", "Pays", "País", "البلد")
_DATE = _l("Date", "Date", "Fecha", "التاريخ")
_END_DATE = _l("End date", "Date de fin", "Fecha de fin", "تاريخ الانتهاء")
_ID = _l("Internal identifier", "Identifiant interne", "Identificador interno", "المعرّف الداخلي")
_KIND = _l("Kind", "Type", "Tipo", "النوع")
_NAME = _l("Name", "Nom", "Nombre", "الاسم")

PATH_LABELS: Mapping[str, Mapping[Lang, str]] = {
    "title": _l("Case title", "Titre du dossier", "Título del expediente", "عنوان الملف"),
    # Not content, but on a revision (and so in a diff):
    "target_jurisdictions": _l(
        "Target jurisdictions",
        "Juridictions visées",
        "Jurisdicciones destinatarias",
        "الولايات القضائية المستهدفة",
    ),
    "target_jurisdictions[]": _l(
        "Target jurisdiction", "Juridiction visée", "Jurisdicción destinataria", "الولاية القضائية المستهدفة"
    ),
    # --- perpetrators
    "perpetrators": _l("Perpetrators", "Auteurs", "Autores", "مرتكبو الانتهاكات"),
    "perpetrators[]": _l("Perpetrator", "Auteur", "Autor", "مرتكب الانتهاك"),
    "perpetrators[].id": _ID,
    "perpetrators[].schema": _l(
        "Kind of perpetrator", "Type d’auteur", "Tipo de autor", "نوع مرتكب الانتهاك"
    ),
    "perpetrators[].name": _NAME,
    "perpetrators[].aliases": _l("Aliases", "Autres noms", "Alias", "الأسماء المستعارة"),
    "perpetrators[].aliases[]": _l("Alias", "Autre nom", "Alias", "اسم مستعار"),
    "perpetrators[].transliterations": _l(
        "Transliterations", "Translittérations", "Transliteraciones", "الأسماء بالأحرف اللاتينية"
    ),
    "perpetrators[].transliterations[]": _l(
        "Transliteration", "Translittération", "Transliteración", "الاسم بالأحرف اللاتينية"
    ),
    "perpetrators[].birth_date": _l(
        "Birth date", "Date de naissance", "Fecha de nacimiento", "تاريخ الميلاد"
    ),
    "perpetrators[].place_of_birth": _l(
        "Place of birth", "Lieu de naissance", "Lugar de nacimiento", "مكان الميلاد"
    ),
    "perpetrators[].gender": _l("Gender", "Genre", "Género", "الجنس"),
    "perpetrators[].nationality": _l("Nationality", "Nationalité", "Nacionalidad", "الجنسية"),
    "perpetrators[].nationality[]": _l("Nationality", "Nationalité", "Nacionalidad", "الجنسية"),
    "perpetrators[].id_numbers": _l(
        "Passports and ID numbers",
        "Passeports et numéros d’identité",
        "Pasaportes y números de identidad",
        "جوازات السفر وأرقام الهوية",
    ),
    "perpetrators[].id_numbers[]": _l(
        "Identity document", "Pièce d’identité", "Documento de identidad", "وثيقة الهوية"
    ),
    "perpetrators[].id_numbers[].kind": _l(
        "Kind of document", "Type de pièce", "Tipo de documento", "نوع الوثيقة"
    ),
    "perpetrators[].id_numbers[].number": _l("Number", "Numéro", "Número", "الرقم"),
    "perpetrators[].id_numbers[].country": _l(
        "Issuing country", "Pays de délivrance", "País emisor", "بلد الإصدار"
    ),
    "perpetrators[].positions": _l("Positions held", "Fonctions occupées", "Cargos ocupados", "المناصب"),
    "perpetrators[].positions[]": _l("Position", "Fonction", "Cargo", "المنصب"),
    "perpetrators[].positions[].title": _l("Position held", "Fonction", "Cargo", "المنصب"),
    "perpetrators[].positions[].organisation": _l("Organisation", "Organisation", "Organización", "الجهة"),
    "perpetrators[].positions[].start_date": _l(
        "Start date", "Date de début", "Fecha de inicio", "تاريخ البدء"
    ),
    "perpetrators[].positions[].end_date": _END_DATE,
    "perpetrators[].affiliated_units": _l(
        "Affiliated units", "Unités rattachées", "Unidades afiliadas", "الوحدات التابعة"
    ),
    "perpetrators[].affiliated_units[]": _l(
        "Affiliated unit", "Unité rattachée", "Unidad afiliada", "وحدة تابعة"
    ),
    "perpetrators[].notes": _NOTES,
    # --- abuses
    "abuses": _l("Abuses", "Violations", "Violaciones", "الانتهاكات"),
    "abuses[]": _l("Abuse", "Violation", "Violación", "الانتهاك"),
    "abuses[].id": _ID,
    "abuses[].category": _l("Category", "Catégorie", "Categoría", "الفئة"),
    "abuses[].description": _l("What happened", "Ce qui s’est passé", "Lo que ocurrió", "ما حدث"),
    "abuses[].incidents": _l("Incidents", "Faits", "Incidentes", "الوقائع"),
    "abuses[].incidents[]": _l("Incident", "Fait", "Incidente", "الواقعة"),
    "abuses[].incidents[].id": _ID,
    "abuses[].incidents[].date": _DATE,
    "abuses[].incidents[].end_date": _END_DATE,
    "abuses[].incidents[].country": _COUNTRY,
    "abuses[].incidents[].locality": _l("Place", "Lieu", "Lugar", "المكان"),
    "abuses[].incidents[].description": _DESCRIPTION,
    "abuses[].perpetrator_roles": _l(
        "Perpetrators involved and their role",
        "Auteurs impliqués et leur rôle",
        "Autores implicados y su papel",
        "مرتكبو الانتهاك المتورطون ودورهم",
    ),
    "abuses[].perpetrator_roles[]": _l(
        "Role in the abuse", "Rôle dans la violation", "Papel en la violación", "الدور في الانتهاك"
    ),
    "abuses[].perpetrator_roles[].perpetrator_id": _l("Perpetrator", "Auteur", "Autor", "مرتكب الانتهاك"),
    "abuses[].perpetrator_roles[].role": _l("Role", "Rôle", "Papel", "الدور"),
    "abuses[].perpetrator_roles[].description": _l(
        "Description of the role", "Description du rôle", "Descripción del papel", "وصف الدور"
    ),
    "abuses[].widespread_or_systematic": _l(
        "Widespread or systematic",
        "Généralisée ou systématique",
        "Generalizada o sistemática",
        "واسعة النطاق أو منهجية",
    ),
    "abuses[].of_serious_concern": _l(
        "Otherwise of serious concern",
        "Autrement grave préoccupation",
        "De otro modo de grave preocupación",
        "مثيرة للقلق الشديد على نحو آخر",
    ),
    # --- victims
    "victims": _l("Victims", "Victimes", "Víctimas", "الضحايا"),
    "victims.count": _l("Number of victims", "Nombre de victimes", "Número de víctimas", "عدد الضحايا"),
    "victims.count_is_estimate": _l(
        "The number is an estimate",
        "Le nombre est une estimation",
        "El número es una estimación",
        "العدد تقديري",
    ),
    "victims.groups": _l("Groups of victims", "Groupes de victimes", "Grupos de víctimas", "فئات الضحايا"),
    "victims.groups[]": _l("Group of victims", "Groupe de victimes", "Grupo de víctimas", "فئة الضحايا"),
    "victims.other_description": _l(
        "Other group of victims", "Autre groupe de victimes", "Otro grupo de víctimas", "فئة أخرى من الضحايا"
    ),
    "victims.description": _l(
        "The harm done to the victims",
        "Le préjudice subi par les victimes",
        "El daño sufrido por las víctimas",
        "الضرر الذي لحق بالضحايا",
    ),
    # --- per jurisdiction
    "jurisdictions": _l("Per jurisdiction", "Par juridiction", "Por jurisdicción", "حسب الولاية القضائية"),
    "jurisdictions.*": _l("Jurisdiction", "Juridiction", "Jurisdicción", "الولاية القضائية"),
    "jurisdictions.*.ties_and_assets": _l(
        "Ties and assets", "Liens et avoirs", "Vínculos y bienes", "الروابط والأصول"
    ),
    "jurisdictions.*.ties_and_assets[]": _l("Tie or asset", "Lien ou avoir", "Vínculo o bien", "رابط أو أصل"),
    "jurisdictions.*.ties_and_assets[].kind": _l(
        "Kind of tie", "Type de lien", "Tipo de vínculo", "نوع الرابط"
    ),
    "jurisdictions.*.ties_and_assets[].description": _DESCRIPTION,
    "jurisdictions.*.ties_and_assets[].location": _l("Location", "Emplacement", "Ubicación", "الموقع"),
    "jurisdictions.*.ties_and_assets[].value": _l(
        "Estimated value", "Valeur estimée", "Valor estimado", "القيمة التقديرية"
    ),
    "jurisdictions.*.sanctions_in_force": _l(
        "Sanctions already in force", "Sanctions déjà en vigueur", "Sanciones ya en vigor", "العقوبات السارية"
    ),
    "jurisdictions.*.sanctions_in_force[]": _l(
        "Sanction in force", "Sanction en vigueur", "Sanción en vigor", "عقوبة سارية"
    ),
    "jurisdictions.*.sanctions_in_force[].authority": _l(
        "Sanctioning authority", "Autorité qui sanctionne", "Autoridad sancionadora", "الجهة المُصدِرة للعقوبة"
    ),
    "jurisdictions.*.sanctions_in_force[].program": _l("Programme", "Programme", "Programa", "البرنامج"),
    "jurisdictions.*.sanctions_in_force[].reference": _l("Reference", "Référence", "Referencia", "المرجع"),
    "jurisdictions.*.sanctions_in_force[].date": _DATE,
    "jurisdictions.*.impact_argument": _l(
        "Why a designation matters there",
        "Pourquoi une désignation y compte",
        "Por qué importa allí una designación",
        "لماذا يهم الإدراج هناك",
    ),
    # --- the rest
    "exculpatory_information": _l(
        "Exculpatory information",
        "Éléments à décharge",
        "Información exculpatoria",
        "المعلومات المبرِّئة",
    ),
    "sources": _l("Sources", "Sources", "Fuentes", "المصادر"),
    "sources[]": _l("Source", "Source", "Fuente", "المصدر"),
    "sources[].id": _ID,
    "sources[].kind": _l("Kind of source", "Type de source", "Tipo de fuente", "نوع المصدر"),
    "sources[].description": _DESCRIPTION,
    "sources[].confidential": _l("Confidential", "Confidentielle", "Confidencial", "سرّي"),
    "contact": _l("Contact", "Contact", "Contacto", "جهة الاتصال"),
    "contact.name": _l("Contact name", "Nom du contact", "Nombre del contacto", "اسم جهة الاتصال"),
    "contact.email": _l(
        "Contact e-mail", "Courriel du contact", "Correo del contacto", "البريد الإلكتروني لجهة الاتصال"
    ),
    "contact.phone": _l("Contact phone", "Téléphone du contact", "Teléfono del contacto", "هاتف جهة الاتصال"),
    "partner_organisations": _l(
        "Partner organisations", "Organisations partenaires", "Organizaciones asociadas", "المنظمات الشريكة"
    ),
    "partner_organisations[]": _l(
        "Partner organisation", "Organisation partenaire", "Organización asociada", "منظمة شريكة"
    ),
    "unmapped_content": _l(
        "Imported text to sort",
        "Texte importé à classer",
        "Texto importado por clasificar",
        "نص مستورد بحاجة إلى فرز",
    ),
    "unmapped_content[]": _l("Imported text", "Texte importé", "Texto importado", "نص مستورد"),
    "unmapped_content[].text": _l("Text", "Texte", "Texto", "النص"),
    "unmapped_content[].heading": _l("Heading", "Titre", "Encabezado", "العنوان"),
    "unmapped_content[].where": _l(
        "Place in the document", "Place dans le document", "Lugar en el documento", "الموضع في المستند"
    ),
}

#: Categories of abuse (the item name of an abuse), as the editor shows them.
CATEGORY_LABELS: Mapping[str, Mapping[Lang, str]] = {
    "extrajudicial_killing": _l(
        "Extrajudicial killing",
        "Exécution extrajudiciaire",
        "Ejecución extrajudicial",
        "القتل خارج نطاق القضاء",
    ),
    "torture": _l("Torture", "Torture", "Tortura", "التعذيب"),
    "cruel_inhuman_degrading_treatment": _l(
        "Cruel, inhuman or degrading treatment",
        "Traitement cruel, inhumain ou dégradant",
        "Trato cruel, inhumano o degradante",
        "المعاملة القاسية أو اللاإنسانية أو المهينة",
    ),
    "arbitrary_detention": _l(
        "Arbitrary arrest or detention",
        "Arrestation ou détention arbitraire",
        "Arresto o detención arbitraria",
        "الاعتقال أو الاحتجاز التعسفي",
    ),
    "enforced_disappearance": _l(
        "Enforced disappearance", "Disparition forcée", "Desaparición forzada", "الاختفاء القسري"
    ),
    "sexual_gender_based_violence": _l(
        "Sexual and gender-based violence",
        "Violences sexuelles et fondées sur le genre",
        "Violencia sexual y de género",
        "العنف الجنسي والقائم على النوع الاجتماعي",
    ),
    "trafficking_forced_labour": _l(
        "Trafficking / forced labour",
        "Traite / travail forcé",
        "Trata / trabajo forzoso",
        "الاتجار بالبشر / العمل القسري",
    ),
    "slavery": _l(
        "Slavery or servitude", "Esclavage ou servitude", "Esclavitud o servidumbre", "الرق أو العبودية"
    ),
    "genocide": _l("Genocide", "Génocide", "Genocidio", "الإبادة الجماعية"),
    "crimes_against_humanity": _l(
        "Crimes against humanity",
        "Crimes contre l’humanité",
        "Crímenes de lesa humanidad",
        "الجرائم ضد الإنسانية",
    ),
    "persecution_of_defenders_journalists": _l(
        "Persecution of defenders and journalists",
        "Persécution de défenseurs et de journalistes",
        "Persecución de defensores y periodistas",
        "اضطهاد المدافعين والصحفيين",
    ),
    "freedom_of_assembly_association": _l(
        "Violation of freedom of assembly or association",
        "Atteinte à la liberté de réunion ou d’association",
        "Violación de la libertad de reunión o asociación",
        "انتهاك حرية التجمع أو تكوين الجمعيات",
    ),
    "freedom_of_expression": _l(
        "Violation of freedom of expression",
        "Atteinte à la liberté d’expression",
        "Violación de la libertad de expresión",
        "انتهاك حرية التعبير",
    ),
    "freedom_of_religion": _l(
        "Violation of freedom of religion or belief",
        "Atteinte à la liberté de religion ou de conviction",
        "Violación de la libertad de religión o creencia",
        "انتهاك حرية الدين أو المعتقد",
    ),
    "bribery": _l("Bribery", "Corruption active ou passive", "Soborno", "الرشوة"),
    "misappropriation": _l(
        "Misappropriation of state assets",
        "Détournement de biens publics",
        "Apropiación indebida de bienes del Estado",
        "الاستيلاء على أصول الدولة",
    ),
    "embezzlement": _l("Embezzlement", "Détournement de fonds", "Malversación", "الاختلاس"),
    "expropriation_private_gain": _l(
        "Expropriation for private gain",
        "Expropriation à des fins privées",
        "Expropiación en beneficio privado",
        "نزع الملكية لتحقيق مكاسب خاصة",
    ),
    "corruption_contracts_extraction": _l(
        "Corruption in contracts or extraction",
        "Corruption dans les marchés ou l’extraction",
        "Corrupción en contratos o extracción",
        "الفساد في العقود أو الاستخراج",
    ),
    "kleptocracy": _l("Kleptocracy", "Kleptocratie", "Cleptocracia", "حكم اللصوص (الكليبتوقراطية)"),
    "transfer_of_proceeds": _l(
        "Transfer of the proceeds of corruption",
        "Transfert du produit de la corruption",
        "Transferencia del producto de la corrupción",
        "تحويل عائدات الفساد",
    ),
}

for _key, _labels in (*PATH_LABELS.items(), *CATEGORY_LABELS.items()):
    if set(_labels) != set(LANGS) or not all(v.strip() for v in _labels.values()):
        raise RuntimeError(f"content label {_key!r} needs a non-empty text in each of {', '.join(LANGS)}")
