"""The portal's own messages about a case (readiness warnings, missing content, reasons, whether evidence is
sent), by stable code, in each of the portal's languages.

A message is a `code` and `params` (simple values); its text in a language is the template of that code
with each `{param}` filled in. Some params are rendered in the language rather than verbatim, by name
(`PARAM_KINDS`): a content path (`abuse`, `perpetrator`, `field`, …) becomes its label, `jurisdiction` a
jurisdiction's name in the form the sentence needs (`{jurisdiction:for}` is "for the UK", "pour le
Royaume-Uni"), `regime` the regime's name, `schemas` / `roles` / `groups` the words for those values.
Anything else (a date, a number, a name) is written as given.

The words are data; `render` is the only logic. Labels of content paths and regimes live elsewhere
(`content_labels`, the jurisdiction modules), so `render` takes them as callbacks.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping, Sequence
from typing import Literal

from app.jurisdictions.content_labels import LANGS, Lang
from app.schemas.messages import ParamValue

ParamKind = Literal["path", "paths", "jurisdiction", "jurisdictions", "regime", "schemas", "roles", "groups"]

#: How a param is rendered, by its name; a name not listed is written as given.
PARAM_KINDS: Mapping[str, ParamKind] = {
    "abuse": "path",
    "perpetrator": "path",
    "other": "path",
    "field": "path",
    "concern_field": "path",
    "abuses": "paths",
    "jurisdiction": "jurisdiction",
    "regime": "regime",
    "schema": "schemas",
    "schemas": "schemas",
    "roles": "roles",
    "groups": "groups",
    # Package refusals (app.workflows.packaging.request):
    "fields": "paths",
    "targets": "jurisdictions",
}


def _l(en: str, fr: str, es: str, ar: str) -> Mapping[Lang, str]:
    return {"en": en, "fr": fr, "es": es, "ar": ar}


# ---- the messages ----------------------------------------------------------------------------------------

MESSAGES: Mapping[str, Mapping[Lang, str]] = {
    # Content warnings (app.schemas.case_content.content_warnings): oddities worth a second look.
    "date_in_future": _l(
        "{value} is in the future",
        "la date {value} est dans le futur",
        "la fecha {value} está en el futuro",
        "التاريخ {value} يقع في المستقبل",
    ),
    "perpetrator_not_linked": _l(
        "{perpetrator} is not linked to any abuse",
        "{perpetrator} n’est rattaché à aucune violation",
        "{perpetrator} no está vinculado a ninguna violación",
        "{perpetrator} غير مرتبط بأي انتهاك",
    ),
    "duplicate_name": _l(
        "same name as {other}: duplicate?",
        "même nom que pour {other} : doublon ?",
        "mismo nombre que {other}: ¿duplicado?",
        "الاسم نفسه الذي يحمله {other}: هل هو تكرار؟",
    ),
    "position_before_birth": _l(
        "position starts before {perpetrator} was born",
        "{perpetrator} : le poste commence avant sa naissance",
        "el cargo comienza antes del nacimiento de {perpetrator}",
        "يبدأ المنصب قبل ولادة {perpetrator}",
    ),
    "incident_before_birth": _l(
        "incident dated {date} is before the birth of {perpetrator} ({birth_date})",
        "{perpetrator} : l’incident daté du {date} est antérieur à sa naissance ({birth_date})",
        "el incidente con fecha {date} es anterior al nacimiento de {perpetrator} ({birth_date})",
        "الحادثة المؤرخة في {date} سابقة لولادة {perpetrator} ({birth_date})",
    ),
    "duplicate_role": _l(
        "same perpetrator and role listed twice",
        "même auteur et même rôle indiqués deux fois",
        "el mismo autor y el mismo papel figuran dos veces",
        "المرتكب نفسه والدور نفسه مذكوران مرتين",
    ),
    "title_too_long": _l(
        "longer than {max} characters",
        "plus de {max} caractères",
        "más de {max} caracteres",
        "أطول من {max} حرفًا",
    ),
    # Readiness (app.workflows.readiness): why a regime or jurisdiction cannot take (part of) the case.
    "regime_lists_nobody": _l(
        "{regime} lists only {schemas} in the roles {roles}; no perpetrator of {abuses} is recorded as one",
        "Le régime « {regime} » ne vise que les entités de type {schemas} ayant l’un de ces rôles : "
        "{roles} ; aucun auteur de {abuses} n’est enregistré ainsi",
        "El régimen «{regime}» solo incluye entidades de tipo {schemas} con alguno de estos papeles: "
        "{roles}; ningún autor de {abuses} consta como tal",
        "لا يُدرج نظام «{regime}» إلا {schemas} بأحد هذه الأدوار: {roles}؛ ولم يُسجَّل أيٌّ من مرتكبي {abuses} "
        "على هذا النحو",
    ),
    "abuse_no_corruption_regime": _l(
        "{abuse}: {jurisdiction:cap} has no anti-corruption sanctions regime",
        "{abuse} : il n’existe aucun régime de sanctions anticorruption {jurisdiction:in}",
        "{abuse}: no existe ningún régimen de sanciones anticorrupción {jurisdiction:in}",
        "{abuse}: لا يوجد نظام عقوبات لمكافحة الفساد {jurisdiction:in}",
    ),
    "abuse_no_human_rights_regime": _l(
        "{abuse}: {jurisdiction:cap} has no human-rights sanctions regime",
        "{abuse} : il n’existe aucun régime de sanctions en matière de droits humains {jurisdiction:in}",
        "{abuse}: no existe ningún régimen de sanciones en materia de derechos humanos {jurisdiction:in}",
        "{abuse}: لا يوجد نظام عقوبات خاص بحقوق الإنسان {jurisdiction:in}",
    ),
    "abuse_not_covered": _l(
        "{abuse} is not covered by any regime {jurisdiction:of}",
        "{abuse} n’est couverte par aucun régime {jurisdiction:of}",
        "{abuse} no está cubierta por ningún régimen {jurisdiction:of}",
        "{abuse} لا يغطيه أي نظام {jurisdiction:of}",
    ),
    "needs_scale": _l(
        "{regime} covers it only if widespread or systematic ({field})",
        "Le régime « {regime} » ne la couvre que si elle est généralisée ou systématique ({field})",
        "El régimen «{regime}» solo la cubre si es generalizada o sistemática ({field})",
        "لا يغطيه نظام «{regime}» إلا إذا كان واسع النطاق أو منهجيًا ({field})",
    ),
    "needs_scale_or_concern": _l(
        "{regime} covers it only if widespread or systematic ({field}) or otherwise of serious concern "
        "({concern_field})",
        "Le régime « {regime} » ne la couvre que si elle est généralisée ou systématique ({field}) ou "
        "suscite par ailleurs une grave préoccupation ({concern_field})",
        "El régimen «{regime}» solo la cubre si es generalizada o sistemática ({field}) o, por otra "
        "razón, motivo de grave preocupación ({concern_field})",
        "لا يغطيه نظام «{regime}» إلا إذا كان واسع النطاق أو منهجيًا ({field}) أو كان مثيرًا لقلق بالغ بخلاف "
        "ذلك ({concern_field})",
    ),
    "needs_victim_groups": _l(
        "{regime} covers it only if the victims include {groups} ({field})",
        "Le régime « {regime} » ne la couvre que si les victimes comprennent : {groups} ({field})",
        "El régimen «{regime}» solo la cubre si entre las víctimas hay: {groups} ({field})",
        "لا يغطيه نظام «{regime}» إلا إذا كان بين الضحايا: {groups} ({field})",
    ),
    "not_counted_for": _l(
        "it will not count {jurisdiction:for}",
        "elle ne comptera pas {jurisdiction:for}",
        "no contará {jurisdiction:for}",
        "ولن يُحتسب {jurisdiction:for}",
    ),
    "perpetrator_not_listable": _l(
        "{perpetrator} ({schema}, {roles}) cannot be listed {jurisdiction:by} under the eligible regimes",
        "{perpetrator} ({schema}, {roles}) ne peut pas être désigné {jurisdiction:by} au titre des régimes "
        "applicables",
        "{perpetrator} ({schema}, {roles}) no puede ser designado {jurisdiction:by} en virtud de los "
        "regímenes aplicables",
        "لا يمكن إدراج {perpetrator} ({schema}، {roles}) {jurisdiction:by} بموجب الأنظمة المؤهلة",
    ),
    "no_abuse_recorded": _l(
        "No abuse is recorded yet; eligibility depends on the conduct",
        "Aucune violation n’est encore enregistrée ; l’éligibilité dépend des faits reprochés",
        "Aún no se ha registrado ninguna violación; la admisibilidad depende de la conducta",
        "لم يُسجَّل أي انتهاك بعد؛ والأهلية تتوقف على السلوك المرتكب",
    ),
    "no_abuse_categorised": _l(
        "No abuse has a category yet; eligibility depends on the conduct category",
        "Aucune violation n’a encore de catégorie ; l’éligibilité dépend de la catégorie des faits",
        "Ninguna violación tiene aún categoría; la admisibilidad depende de la categoría de la conducta",
        "لم تُحدَّد فئة أي انتهاك بعد؛ والأهلية تتوقف على فئة السلوك",
    ),
    "corruption_only_case": _l(
        "{jurisdiction:cap} has no anti-corruption sanctions regime; a corruption-only case is not eligible "
        "{jurisdiction:for}",
        "Il n’existe aucun régime de sanctions anticorruption {jurisdiction:in} ; un dossier portant "
        "uniquement sur la corruption n’est pas éligible {jurisdiction:for}",
        "No existe ningún régimen de sanciones anticorrupción {jurisdiction:in}; un caso solo de corrupción "
        "no es admisible {jurisdiction:for}",
        "لا يوجد نظام عقوبات لمكافحة الفساد {jurisdiction:in}؛ والقضية المقتصرة على الفساد غير مؤهلة "
        "{jurisdiction:for}",
    ),
    "human_rights_only_case": _l(
        "{jurisdiction:cap} has no human-rights sanctions regime; a human-rights-only case is not eligible "
        "{jurisdiction:for}",
        "Il n’existe aucun régime de sanctions en matière de droits humains {jurisdiction:in} ; un dossier "
        "portant uniquement sur les droits humains n’est pas éligible {jurisdiction:for}",
        "No existe ningún régimen de sanciones en materia de derechos humanos {jurisdiction:in}; un caso "
        "solo de derechos humanos no es admisible {jurisdiction:for}",
        "لا يوجد نظام عقوبات خاص بحقوق الإنسان {jurisdiction:in}؛ والقضية المقتصرة على حقوق الإنسان غير "
        "مؤهلة {jurisdiction:for}",
    ),
    # Package refusals (app.workflows.packaging.request): why no package is built for a jurisdiction.
    "not_target_jurisdiction": _l(
        "{jurisdiction:cap} is not a target jurisdiction of this case; the authoring organisation chose "
        "{targets}",
        "{jurisdiction:cap} n’est pas une juridiction visée par ce dossier ; l’organisation autrice a "
        "choisi : {targets}",
        "{jurisdiction:cap} no es una jurisdicción destinataria de este caso; la organización autora "
        "eligió: {targets}",
        "{jurisdiction:cap} ليست من الولايات القضائية المستهدفة في هذه القضية؛ واختارت المنظمة المُعِدّة: "
        "{targets}",
    ),
    "not_target_jurisdiction_none": _l(
        "{jurisdiction:cap} is not a target jurisdiction of this case; the authoring organisation chose none",
        "{jurisdiction:cap} n’est pas une juridiction visée par ce dossier ; l’organisation autrice n’en a "
        "choisi aucune",
        "{jurisdiction:cap} no es una jurisdicción destinataria de este caso; la organización autora no "
        "eligió ninguna",
        "{jurisdiction:cap} ليست من الولايات القضائية المستهدفة في هذه القضية؛ ولم تختر المنظمة المُعِدّة "
        "أي ولاية",
    ),
    "no_regime_covers": _l(
        "No regime {jurisdiction:of} covers this case",
        "Aucun régime {jurisdiction:of} ne couvre ce dossier",
        "Ningún régimen {jurisdiction:of} cubre este caso",
        "لا يغطي أي نظام {jurisdiction:of} هذه القضية",
    ),
    "required_content_missing": _l(
        "Required content is missing: {fields}",
        "Des éléments obligatoires manquent : {fields}",
        "Falta contenido obligatorio: {fields}",
        "محتوى مطلوب غير موجود: {fields}",
    ),
    "package_already_building": _l(
        "A package {jurisdiction:for} is already being built",
        "Un dossier de transmission {jurisdiction:for} est déjà en cours de préparation",
        "Ya se está preparando un paquete {jurisdiction:for}",
        "يجري بالفعل إعداد حزمة {jurisdiction:for}",
    ),
    # Official lists (app.workflows.designations.listed): a perpetrator already listed there.
    "already_listed_since": _l(
        "{perpetrator} is already listed {jurisdiction:by} under {programmes} since {since} — entry {entry}",
        "{perpetrator} est déjà inscrit {jurisdiction:by} au titre de {programmes} depuis le {since} — "
        "entrée {entry}",
        "{perpetrator} ya está incluido {jurisdiction:by} en virtud de {programmes} desde el {since} — "
        "entrada {entry}",
        "{perpetrator} مُدرج بالفعل {jurisdiction:by} بموجب {programmes} منذ {since} — القيد {entry}",
    ),
    "already_listed_seen": _l(
        "{perpetrator} is already listed {jurisdiction:by} under {programmes} (no listing date published; "
        "on the list since at least {seen}) — entry {entry}",
        "{perpetrator} est déjà inscrit {jurisdiction:by} au titre de {programmes} (aucune date "
        "d’inscription publiée ; sur la liste depuis au moins le {seen}) — entrée {entry}",
        "{perpetrator} ya está incluido {jurisdiction:by} en virtud de {programmes} (no se publicó fecha "
        "de inclusión; en la lista desde al menos el {seen}) — entrada {entry}",
        "{perpetrator} مُدرج بالفعل {jurisdiction:by} بموجب {programmes} (لم يُنشر تاريخ للإدراج؛ وهو على "
        "القائمة منذ {seen} على الأقل) — القيد {entry}",
    ),
    "already_listed": _l(
        "{perpetrator} is already listed {jurisdiction:by} under {programmes} — entry {entry}",
        "{perpetrator} est déjà inscrit {jurisdiction:by} au titre de {programmes} — entrée {entry}",
        "{perpetrator} ya está incluido {jurisdiction:by} en virtud de {programmes} — entrada {entry}",
        "{perpetrator} مُدرج بالفعل {jurisdiction:by} بموجب {programmes} — القيد {entry}",
    ),
    "maybe_listed_since": _l(
        "{perpetrator} may already be listed {jurisdiction:by} under {programmes} since {since} — entry "
        "{entry} (likely match, score {score}; not yet confirmed)",
        "{perpetrator} est peut-être déjà inscrit {jurisdiction:by} au titre de {programmes} depuis le "
        "{since} — entrée {entry} (correspondance probable, score {score} ; pas encore confirmée)",
        "{perpetrator} puede estar ya incluido {jurisdiction:by} en virtud de {programmes} desde el {since} "
        "— entrada {entry} (coincidencia probable, puntuación {score}; aún sin confirmar)",
        "ربما يكون {perpetrator} مُدرجًا بالفعل {jurisdiction:by} بموجب {programmes} منذ {since} — القيد "
        "{entry} (تطابق مرجَّح، الدرجة {score}؛ لم يُؤكَّد بعد)",
    ),
    "maybe_listed_seen": _l(
        "{perpetrator} may already be listed {jurisdiction:by} under {programmes} (no listing date "
        "published; on the list since at least {seen}) — entry {entry} (likely match, score {score}; not "
        "yet confirmed)",
        "{perpetrator} est peut-être déjà inscrit {jurisdiction:by} au titre de {programmes} (aucune date "
        "d’inscription publiée ; sur la liste depuis au moins le {seen}) — entrée {entry} (correspondance "
        "probable, score {score} ; pas encore confirmée)",
        "{perpetrator} puede estar ya incluido {jurisdiction:by} en virtud de {programmes} (no se publicó "
        "fecha de inclusión; en la lista desde al menos el {seen}) — entrada {entry} (coincidencia "
        "probable, puntuación {score}; aún sin confirmar)",
        "ربما يكون {perpetrator} مُدرجًا بالفعل {jurisdiction:by} بموجب {programmes} (لم يُنشر تاريخ "
        "للإدراج؛ وهو على القائمة منذ {seen} على الأقل) — القيد {entry} (تطابق مرجَّح، الدرجة {score}؛ لم "
        "يُؤكَّد بعد)",
    ),
    "maybe_listed": _l(
        "{perpetrator} may already be listed {jurisdiction:by} under {programmes} — entry {entry} (likely "
        "match, score {score}; not yet confirmed)",
        "{perpetrator} est peut-être déjà inscrit {jurisdiction:by} au titre de {programmes} — entrée "
        "{entry} (correspondance probable, score {score} ; pas encore confirmée)",
        "{perpetrator} puede estar ya incluido {jurisdiction:by} en virtud de {programmes} — entrada "
        "{entry} (coincidencia probable, puntuación {score}; aún sin confirmar)",
        "ربما يكون {perpetrator} مُدرجًا بالفعل {jurisdiction:by} بموجب {programmes} — القيد {entry} "
        "(تطابق مرجَّح، الدرجة {score}؛ لم يُؤكَّد بعد)",
    ),
    # Required content (app.jurisdictions.base.common_required and the jurisdictions' own): why it is needed.
    "need_title": _l(
        "the case needs a title",
        "le dossier doit avoir un titre",
        "el caso necesita un título",
        "تحتاج القضية إلى عنوان",
    ),
    "need_perpetrator": _l(
        "name at least one perpetrator",
        "indiquez au moins un auteur",
        "indique al menos un autor",
        "اذكر مرتكبًا واحدًا على الأقل",
    ),
    "need_perpetrator_name": _l(
        "every perpetrator needs a name",
        "chaque auteur doit avoir un nom",
        "cada autor necesita un nombre",
        "يجب أن يكون لكل مرتكب اسم",
    ),
    "need_identification": _l(
        "identifying information for the listing",
        "éléments d’identification pour la désignation",
        "datos de identificación para la designación",
        "معلومات تحديد الهوية اللازمة للإدراج",
    ),
    "need_position": _l(
        "the perpetrator's link to the conduct (official role)",
        "le lien de l’auteur avec les faits (fonction officielle)",
        "el vínculo del autor con la conducta (cargo oficial)",
        "صلة المرتكب بالسلوك (المنصب الرسمي)",
    ),
    "need_abuse": _l(
        "describe at least one abuse",
        "décrivez au moins une violation",
        "describa al menos una violación",
        "صِف انتهاكًا واحدًا على الأقل",
    ),
    "need_category": _l(
        "which conduct category the abuse falls under",
        "la catégorie de faits dont relève la violation",
        "la categoría de conducta a la que corresponde la violación",
        "فئة السلوك التي يندرج تحتها الانتهاك",
    ),
    "need_description": _l("what happened", "ce qui s’est passé", "qué ocurrió", "ما الذي حدث"),
    "need_incidents": _l(
        "when and where it happened",
        "quand et où les faits ont eu lieu",
        "cuándo y dónde ocurrió",
        "متى وأين حدث ذلك",
    ),
    "need_incident_date": _l(
        "when it happened", "quand les faits ont eu lieu", "cuándo ocurrió", "متى حدث ذلك"
    ),
    "need_incident_country": _l(
        "where it happened", "où les faits ont eu lieu", "dónde ocurrió", "أين حدث ذلك"
    ),
    "need_perpetrator_roles": _l(
        "who is responsible for the abuse",
        "qui est responsable de la violation",
        "quién es responsable de la violación",
        "من المسؤول عن الانتهاك",
    ),
    "need_role": _l(
        "the perpetrator's part in the abuse",
        "le rôle de l’auteur dans la violation",
        "el papel del autor en la violación",
        "دور المرتكب في الانتهاك",
    ),
    "need_victim_groups": _l(
        "who the victims are", "qui sont les victimes", "quiénes son las víctimas", "من هم الضحايا"
    ),
    "need_victim_harm": _l(
        "the harm done to the victims",
        "le préjudice subi par les victimes",
        "el daño causado a las víctimas",
        "الضرر الذي لحق بالضحايا",
    ),
    "need_other_victims": _l(
        "who the other victims are",
        "qui sont les autres victimes",
        "quiénes son las demás víctimas",
        "من هم الضحايا الآخرون",
    ),
    "need_sources": _l(
        "the evidence for the conduct and the link",
        "les preuves des faits et du lien avec l’auteur",
        "las pruebas de la conducta y del vínculo con el autor",
        "الأدلة على السلوك وعلى صلة المرتكب به",
    ),
    "need_ties": _l(
        "assets, travel and financial ties there",
        "avoirs, déplacements et liens financiers sur ce territoire",
        "bienes, viajes y vínculos financieros en ese territorio",
        "الأصول والسفر والروابط المالية هناك",
    ),
    "need_impact": _l(
        "why a designation there matters",
        "pourquoi une désignation y serait importante",
        "por qué importa allí una designación",
        "لماذا يهمّ الإدراج هناك",
    ),
    "need_exculpatory": _l(
        "exculpatory information known (or say none is)",
        "les éléments à décharge connus (ou indiquez qu’il n’y en a aucun)",
        "la información exculpatoria conocida (o indique que no hay ninguna)",
        "المعلومات المبرِّئة المعروفة (أو اذكر أنه لا توجد أي معلومات)",
    ),
    "need_contact": _l(
        "the submitting organisation's contact",
        "le contact de l’organisation qui soumet le dossier",
        "el contacto de la organización que presenta el caso",
        "جهة الاتصال في المنظمة المقدِّمة",
    ),
    "need_scale": _l(
        "the scale of the abuse (widespread or systematic?)",
        "l’ampleur de la violation (généralisée ou systématique ?)",
        "la magnitud de la violación (¿generalizada o sistemática?)",
        "نطاق الانتهاك (هل هو واسع النطاق أو منهجي؟)",
    ),
    # Evidence in packages (app.workflows.packaging.selection): why an item is not sent. Each reads after
    # "will not be sent to …:", the item being "it" ("elle", "la pieza", "هذه القطعة").
    "evidence_deleted": _l("it was deleted", "elle a été supprimée", "se eliminó", "لقد حُذفت"),
    "evidence_confidential": _l(
        "it is confidential: confidential evidence never leaves the portal",
        "elle est confidentielle : une pièce confidentielle ne quitte jamais le portail",
        "es confidencial: una prueba confidencial nunca sale del portal",
        "إنها سرية: والأدلة السرية لا تغادر البوابة أبدًا",
    ),
    "evidence_source_identifying": _l(
        "it could identify a source: such evidence never leaves the portal",
        "elle pourrait permettre d’identifier une source : une telle pièce ne quitte jamais le portail",
        "podría identificar a una fuente: una prueba así nunca sale del portal",
        "قد تكشف هوية مصدر: ومثل هذه الأدلة لا تغادر البوابة أبدًا",
    ),
    "evidence_not_cleared": _l(
        "it is not cleared for this jurisdiction",
        "elle n’est pas autorisée pour cette juridiction",
        "no está autorizada para esta jurisdicción",
        "لم يُؤذن بإرسالها إلى هذه الجهة",
    ),
    "evidence_quarantined": _l(
        "quarantined: the virus scanner found malware in it, so it never leaves the portal",
        "en quarantaine : l’antivirus y a trouvé un logiciel malveillant, elle ne quitte donc jamais le "
        "portail",
        "en cuarentena: el antivirus encontró software malicioso en ella, así que nunca sale del portal",
        "في الحجر: عثر فاحص الفيروسات فيها على برمجية خبيثة، لذا لا تغادر البوابة أبدًا",
    ),
    "evidence_scan_pending": _l(
        "it is still being scanned for malware; build again shortly",
        "elle est encore en cours d’analyse antivirus ; relancez la génération sous peu",
        "todavía se está analizando en busca de software malicioso; vuelva a generar el paquete en breve",
        "لا يزال فحصها بحثًا عن البرمجيات الخبيثة جاريًا؛ أعد إنشاء الحزمة بعد قليل",
    ),
    "evidence_scan_error": _l(
        "it could not be scanned for malware (the scan is retried); build again once it is scanned",
        "l’analyse antivirus a échoué (elle sera relancée) ; relancez la génération une fois l’analyse "
        "terminée",
        "no se pudo analizar en busca de software malicioso (se reintentará); vuelva a generar el paquete "
        "cuando se haya analizado",
        "تعذّر فحصها بحثًا عن البرمجيات الخبيثة (ستُعاد المحاولة)؛ أعد إنشاء الحزمة بعد اكتمال الفحص",
    ),
    "evidence_not_scanned": _l(
        "it was not scanned for malware (the portal had no virus scanner), and this coalition does not "
        "send unscanned evidence ({setting})",
        "elle n’a pas été analysée par un antivirus (le portail n’en avait pas), et cette coalition n’envoie "
        "pas de pièces non analysées ({setting})",
        "no se analizó en busca de software malicioso (el portal no tenía antivirus), y esta coalición no "
        "envía pruebas sin analizar ({setting})",
        "لم تُفحص بحثًا عن البرمجيات الخبيثة (لم يكن لدى البوابة فاحص فيروسات)، وهذا التحالف لا يرسل "
        "أدلة غير مفحوصة ({setting})",
    ),
    "evidence_no_original": _l(
        "it has no stored original",
        "son original n’est pas conservé",
        "no hay ningún original almacenado",
        "لا توجد نسخة أصلية محفوظة منها",
    ),
    "evidence_sanitise_pending": _l(
        "it is still being sanitised; build again shortly",
        "elle est encore en cours de nettoyage ; relancez la génération sous peu",
        "todavía se está depurando; vuelva a generar el paquete en breve",
        "لا يزال تنقيحها جاريًا؛ أعد إنشاء الحزمة بعد قليل",
    ),
    "evidence_cannot_sanitise": _l(
        "it has no sanitised copy: it cannot be sanitised ({detail})",
        "elle n’a pas de copie nettoyée : elle ne peut pas être nettoyée ({detail})",
        "no tiene copia depurada: no se puede depurar ({detail})",
        "ليست لها نسخة منقّحة: لا يمكن تنقيحها ({detail})",
    ),
    "evidence_original_possible": _l(
        "a coordinator may send the original instead, with a reason",
        "un coordinateur peut envoyer l’original à la place, en indiquant pourquoi",
        "un coordinador puede enviar el original en su lugar, indicando el motivo",
        "ويجوز للمنسّق إرسال النسخة الأصلية بدلًا منها مع ذكر السبب",
    ),
    "evidence_sanitise_failed": _l(
        "it has no sanitised copy: sanitising failed ({detail})",
        "elle n’a pas de copie nettoyée : le nettoyage a échoué ({detail})",
        "no tiene copia depurada: la depuración falló ({detail})",
        "ليست لها نسخة منقّحة: فشل التنقيح ({detail})",
    ),
}

#: Messages that add to the one before them ("…; it will not count for the UK"), after any details.
TAIL_CODES: frozenset[str] = frozenset({"not_counted_for", "evidence_original_possible"})

# ---- words for param values ------------------------------------------------------------------------------

#: A jurisdiction in a sentence: plain, capitalised (starts a sentence), and with its preposition.
JURISDICTION_FORMS: Mapping[str, Mapping[str, Mapping[Lang, str]]] = {
    "us": {
        "": _l("the US", "les États-Unis", "los Estados Unidos", "الولايات المتحدة"),
        "cap": _l("The US", "Les États-Unis", "Los Estados Unidos", "الولايات المتحدة"),
        "of": _l("of the US", "des États-Unis", "de los Estados Unidos", "لدى الولايات المتحدة"),
        "for": _l(
            "for the US", "pour les États-Unis", "para los Estados Unidos", "بالنسبة إلى الولايات المتحدة"
        ),
        "by": _l("by the US", "par les États-Unis", "por los Estados Unidos", "من قِبل الولايات المتحدة"),
        "in": _l("in the US", "aux États-Unis", "en los Estados Unidos", "في الولايات المتحدة"),
    },
    "uk": {
        "": _l("the UK", "le Royaume-Uni", "el Reino Unido", "المملكة المتحدة"),
        "cap": _l("The UK", "Le Royaume-Uni", "El Reino Unido", "المملكة المتحدة"),
        "of": _l("of the UK", "du Royaume-Uni", "del Reino Unido", "لدى المملكة المتحدة"),
        "for": _l("for the UK", "pour le Royaume-Uni", "para el Reino Unido", "بالنسبة إلى المملكة المتحدة"),
        "by": _l("by the UK", "par le Royaume-Uni", "por el Reino Unido", "من قِبل المملكة المتحدة"),
        "in": _l("in the UK", "au Royaume-Uni", "en el Reino Unido", "في المملكة المتحدة"),
    },
    "ca": {
        "": _l("Canada", "le Canada", "Canadá", "كندا"),
        "cap": _l("Canada", "Le Canada", "Canadá", "كندا"),
        "of": _l("of Canada", "du Canada", "de Canadá", "لدى كندا"),
        "for": _l("for Canada", "pour le Canada", "para Canadá", "بالنسبة إلى كندا"),
        "by": _l("by Canada", "par le Canada", "por Canadá", "من قِبل كندا"),
        "in": _l("in Canada", "au Canada", "en Canadá", "في كندا"),
    },
    "eu": {
        "": _l("the EU", "l’UE", "la UE", "الاتحاد الأوروبي"),
        "cap": _l("The EU", "L’UE", "La UE", "الاتحاد الأوروبي"),
        "of": _l("of the EU", "de l’UE", "de la UE", "لدى الاتحاد الأوروبي"),
        "for": _l("for the EU", "pour l’UE", "para la UE", "بالنسبة إلى الاتحاد الأوروبي"),
        "by": _l("by the EU", "par l’UE", "por la UE", "من قِبل الاتحاد الأوروبي"),
        "in": _l("in the EU", "dans l’UE", "en la UE", "في الاتحاد الأوروبي"),
    },
}

SCHEMA_LABELS: Mapping[str, Mapping[Lang, str]] = {
    "Person": _l("person", "personne", "persona", "شخص"),
    "Organization": _l("organisation", "organisation", "organización", "منظمة"),
    "Company": _l("company", "société", "empresa", "شركة"),
    "PublicBody": _l("public body", "organisme public", "organismo público", "هيئة عامة"),
}

ROLE_LABELS: Mapping[str, Mapping[Lang, str]] = {
    "ordered": _l("ordered", "a ordonné", "ordenó", "أصدر الأمر"),
    "perpetrated": _l("perpetrated", "a commis", "cometió", "ارتكب"),
    "complicit": _l("complicit", "complice", "cómplice", "متواطئ"),
    "leader_of_entity": _l(
        "leader of the entity", "dirigeant de l’entité", "dirigente de la entidad", "قائد الكيان"
    ),
    "material_support": _l("material support", "soutien matériel", "apoyo material", "دعم مادي"),
    "associate": _l("associate", "associé", "asociado", "شريك"),
    "owned_or_controlled": _l(
        "owned or controlled", "détenu ou contrôlé", "de propiedad o bajo control", "مملوك أو خاضع للسيطرة"
    ),
}

GROUP_LABELS: Mapping[str, Mapping[Lang, str]] = {
    "women": _l("women", "des femmes", "mujeres", "نساء"),
    "children": _l("children", "des enfants", "niños", "أطفال"),
    "lgbtqi": _l("LGBTQI people", "des personnes LGBTQI", "personas LGBTQI", "أشخاص من مجتمع الميم"),
    "indigenous": _l("indigenous people", "des autochtones", "indígenas", "سكان أصليون"),
    "persons_with_disabilities": _l(
        "persons with disabilities",
        "des personnes handicapées",
        "personas con discapacidad",
        "أشخاص ذوو إعاقة",
    ),
    "ethnic_religious_minority": _l(
        "members of an ethnic or religious minority",
        "des membres d’une minorité ethnique ou religieuse",
        "miembros de una minoría étnica o religiosa",
        "أفراد من أقلية إثنية أو دينية",
    ),
    "human_rights_defenders": _l(
        "human rights defenders",
        "des défenseurs des droits humains",
        "defensores de derechos humanos",
        "مدافعون عن حقوق الإنسان",
    ),
    "journalists": _l("journalists", "des journalistes", "periodistas", "صحفيون"),
    "other": _l("others", "d’autres personnes", "otras personas", "آخرون"),
}

_VALUE_LABELS: Mapping[ParamKind, Mapping[str, Mapping[Lang, str]]] = {
    "schemas": SCHEMA_LABELS,
    "roles": ROLE_LABELS,
    "groups": GROUP_LABELS,
}

LIST_SEPARATOR: Mapping[Lang, str] = _l(", ", ", ", ", ", "، ")
OR: Mapping[Lang, str] = _l(" or ", " ou ", " o ", " أو ")
#: Between a message and its details ("…: detail; detail"), and before a tail message.
DETAIL_SEPARATOR: Mapping[Lang, str] = _l(": ", " : ", ": ", ": ")
SEMICOLON: Mapping[Lang, str] = _l("; ", " ; ", "; ", "؛ ")

# ---- rendering -------------------------------------------------------------------------------------------

_FORMATTER = string.Formatter()


def placeholders(template: str) -> list[tuple[str, str]]:
    """The (param, form) of each `{param}` / `{param:form}` in a template."""
    return [(name, spec or "") for _, name, spec, _ in _FORMATTER.parse(template) if name is not None]


def _as_list(value: ParamValue) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    return [] if value is None else [str(value)]


def render(
    code: str,
    params: Mapping[str, ParamValue],
    lang: Lang,
    *,
    path_label: Callable[[str], str] | None = None,
    regime_label: Callable[[str, Lang], str] | None = None,
) -> str:
    """The message in `lang`. KeyError for an unknown code or a param its template needs and lacks.

    `path_label` names a content path ("abuses[0]" -> "Violation 1 (Torture)"), `regime_label` a
    regime's code; without them the path or code itself is written."""
    template = MESSAGES[code][lang]
    out: list[str] = []
    for literal, name, spec, _ in _FORMATTER.parse(template):
        out.append(literal)
        if name is None:
            continue
        out.append(_param(name, spec or "", params[name], lang, path_label, regime_label))
    return "".join(out)


def _param(
    name: str,
    form: str,
    value: ParamValue,
    lang: Lang,
    path_label: Callable[[str], str] | None,
    regime_label: Callable[[str, Lang], str] | None,
) -> str:
    kind = PARAM_KINDS.get(name)
    if kind == "jurisdiction":
        forms = JURISDICTION_FORMS.get(str(value))
        return forms[form][lang] if forms else str(value)
    if kind in ("path", "paths"):
        labels = [path_label(v) if path_label else v for v in _as_list(value)]
        return LIST_SEPARATOR[lang].join(labels)
    if kind == "jurisdictions":
        names = [JURISDICTION_FORMS[v][form][lang] if v in JURISDICTION_FORMS else v for v in _as_list(value)]
        return LIST_SEPARATOR[lang].join(names)
    if kind == "regime":
        return regime_label(str(value), lang) if regime_label else str(value)
    if kind is not None and kind in _VALUE_LABELS:
        words = _VALUE_LABELS[kind]
        texts = [words[v][lang] if v in words else v for v in _as_list(value)]
        return (OR if kind == "groups" else LIST_SEPARATOR)[lang].join(texts)
    if isinstance(value, list):
        return LIST_SEPARATOR[lang].join(str(v) for v in value)
    return "" if value is None else str(value)


def compose(main: str, details: Sequence[tuple[str, str]], lang: Lang) -> str:
    """A message with its details (code, text): "main: detail; detail; tail"."""
    body = [text for code, text in details if code not in TAIL_CODES]
    tails = [text for code, text in details if code in TAIL_CODES]
    out = main + (DETAIL_SEPARATOR[lang] + SEMICOLON[lang].join(body) if body else "")
    return SEMICOLON[lang].join([out, *tails])


def _check() -> None:
    for code, templates in MESSAGES.items():
        if set(templates) != set(LANGS) or not all(t.strip() for t in templates.values()):
            raise RuntimeError(f"message {code!r} needs a template in each of {', '.join(LANGS)}")
        names = {lang: sorted({name for name, _ in placeholders(t)}) for lang, t in templates.items()}
        if len({tuple(v) for v in names.values()}) != 1:
            raise RuntimeError(f"message {code!r}: the languages use different placeholders {names}")
        for name, form in (p for t in templates.values() for p in placeholders(t)):
            if form and (PARAM_KINDS.get(name) != "jurisdiction" or form not in JURISDICTION_FORMS["us"]):
                raise RuntimeError(f"message {code!r}: unknown form {form!r} of {name!r}")


_check()
