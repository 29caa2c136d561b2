/**
 * The metrics' titles, definitions and column labels in French, Spanish and Arabic. The API sends them
 * in English (app/workflows/analytics/metrics.py, the source of truth): English pages show the API's
 * words as sent; other languages show these translations, and fall back to the API's English for a
 * metric or column added later and not yet translated here.
 */

export interface MetricText {
  title: string;
  definition: string;
}

type Lang = 'fr' | 'es' | 'ar';

const REC = {
  fr: 'Une recommandation est le dossier d’un cas envoyé à un gouvernement (une soumission avec une date d’envoi) ; son année est celle de l’envoi.',
  es: 'Una recomendación es el expediente de un caso enviado a un gobierno (una presentación con fecha de envío); su año es el del envío.',
  ar: 'التوصية هي ملف قضية أُرسل إلى حكومة واحدة (تقديم له تاريخ إرسال)، وسنتها هي سنة إرسالها.',
};

const MS = {
  fr: 'désignations de type Magnitsky',
  es: 'designaciones de tipo Magnitsky',
  ar: 'التصنيفات على غرار قانون ماغنيتسكي',
};

export const METRIC_TEXT: Record<Lang, Record<string, MetricText>> = {
  fr: {
    recommendations_by_year: {
      title: 'Recommandations envoyées par juridiction et par année',
      definition: `${REC.fr} Comptées par juridiction et par année d’envoi.`,
    },
    recommendations_by_organisation: {
      title: 'Recommandations par organisation',
      definition: `${REC.fr} Comptées par organisation (ONG) autrice. Dans les agrégats publics, seules les organisations qui y ont consenti sont nommées ; les autres sont additionnées en une seule ligne.`,
    },
    recommendations_by_country: {
      title: 'Recommandations par pays des abus',
      definition: `${REC.fr} Comptées par pays où le dossier situe un incident (ISO 3166-1) ; un cas touchant deux pays compte une fois dans chacun, si bien que les lignes dépassent le total.`,
    },
    recommendations_by_region: {
      title: 'Recommandations par région (M49 de l’ONU)',
      definition: `${REC.fr} Comptées par région M49 de l’ONU des pays des abus ; une recommandation compte une fois par région concernée.`,
    },
    recommendations_by_category: {
      title: 'Recommandations par catégorie d’abus',
      definition: `${REC.fr} Comptées par catégorie d’abus que le dossier enregistre (la taxonomie de la coalition) ; un cas à plusieurs catégories compte une fois dans chacune.`,
    },
    recommendations_by_kind: {
      title: 'Recommandations : droits humains ou corruption',
      definition: `${REC.fr} Comptées par type d’abus (droits humains, corruption) des catégories du dossier ; un cas relevant des deux compte dans les deux.`,
    },
    recommendations_by_victim_group: {
      title: 'Recommandations par groupe de victimes',
      definition: `${REC.fr} Comptées par groupe de victimes que le dossier enregistre.`,
    },
    outcomes: {
      title: 'Suites par juridiction',
      definition: `${REC.fr} Chacune est comptée selon son statut actuel : désignée, refusée, sans réponse ou en attente (envoyée, accusée de réception, à l’étude). Taux de conversion = désignées / envoyées ; taux de conversion des décisions = désignées / (désignées + refusées + sans réponse).`,
    },
    time_to_designation: {
      title: 'Délai entre l’envoi et la désignation',
      definition:
        'Jours entre la date d’envoi d’une recommandation et sa date de désignation (à défaut, le jour où la suite a été enregistrée), sur les recommandations désignées ; quartiles par la méthode du rang le plus proche (Q1 au rang ⌈n/4⌉, médiane à ⌈n/2⌉, Q3 à ⌈3n/4⌉).',
    },
    open_submissions: {
      title: 'Soumissions ouvertes depuis plus de N mois',
      definition: `${REC.fr} Recommandations en attente (envoyées, accusées de réception, à l’étude), et celles d’entre elles envoyées il y a plus de « months » mois (6 par défaut).`,
    },
    designations: {
      title: 'Désignations de type Magnitsky par juridiction et par année',
      definition:
        'Entrées des listes officielles relevant d’un programme de type Magnitsky (GLOMAG américain et loi de 2012, régimes britanniques droits humains et anticorruption, JVCFOA canadienne, régime mondial de l’UE en matière de droits de l’homme), radiations comprises, par année de désignation : la date d’inscription donnée par la liste, à défaut (l’OFAC n’en donne pas) la première version importée contenant l’entrée. « Pour liens » : entrées que la liste elle-même désigne pour des liens avec une autre personne désignée (mention « Linked To: » de l’OFAC) ; les autres listes ne le disent pas, leurs entrées comptent comme directes.',
    },
    civil_society_basis: {
      title: 'Part fondée sur la société civile',
      definition: `Parmi les ${MS.fr} (voir désignations), la part précédée d’une soumission de la coalition concernant cette personne à cette juridiction : une correspondance confirmée relie l’entrée à un dossier, et ce dossier a été envoyé à la juridiction de l’entrée au plus tard le jour de la désignation. Une organisation voit la part due à ses propres soumissions.`,
    },
    multilateral: {
      title: 'Taux multilatéral',
      definition: `Parmi les ${MS.fr} de chaque juridiction, celles dont la personne est aussi désignée au titre d’un programme de type Magnitsky par une autre des quatre (correspondance « probable » entre listes). La ligne « toutes (personnes) » compte des personnes et non des entrées : une entrée retrouvée dans m autres juridictions pèse 1/(1+m), de sorte qu’une personne inscrite sur k listes compte une fois.`,
    },
    overlap: {
      title: 'Chevauchement deux à deux des désignations',
      definition: `Ligne A, colonne B : les ${MS.fr} de A dont B a aussi désigné la personne au titre d’un programme de type Magnitsky (correspondance « probable ») ; la diagonale est le total propre de A.`,
    },
    designation_basis: {
      title: 'Corruption ou droits humains',
      definition: `Les ${MS.fr} selon l’abus auquel elles répondent : le programme lorsqu’il le dit (anticorruption britannique : corruption ; droits humains britannique, régime de l’UE et loi américaine de 2012 : droits humains) ; sinon (GLOMAG, JVCFOA) les abus des dossiers confirmés comme visant cette personne (corruption seule : corruption ; tout abus des droits humains : droits humains) ; sinon inconnu. Part de la corruption = corruption / (corruption + droits humains).`,
    },
    allied_share: {
      title: 'Désignations dans des pays alliés',
      definition: `Les ${MS.fr} dont l’entrée donne un pays (nationalité, citoyenneté ou pays) parmi les alliés : par défaut les membres de l’OTAN et de l’UE, les Five Eyes, le Japon, la Corée du Sud, les Philippines, la Thaïlande et Israël ; configurable (« allies »).`,
    },
    year_over_year: {
      title: 'Évolution par rapport à la moyenne pluriannuelle',
      definition: `Les ${MS.fr} d’une année (la dernière des années choisies, par défaut l’année dernière) comparées à la moyenne des « window » années précédentes (5 par défaut) : évolution = (nombre − moyenne) / moyenne.`,
    },
    victim_recognition: {
      title: 'Reconnaissance des victimes',
      definition:
        'Pour chaque groupe de victimes : parmi les dossiers recommandés désignés par au moins une juridiction, la part dont le dossier enregistre ce groupe, comparée à la même part parmi tous les dossiers recommandés. Groupes marginalisés : femmes, enfants, personnes LGBTQI+, personnes autochtones, personnes handicapées.',
    },
    review_operations: {
      title: 'Opérations de relecture',
      definition:
        'Sur les dossiers soumis à la coalition (par année de première soumission) : attente dans la file = jours entre la première soumission et le premier acte de relecture (l’attribution actuelle ou la première décision, la plus précoce) ; en relecture = jours entre cet acte et la dernière approbation ou le dernier rejet ; tours de modifications demandées = décisions « demander des modifications » par cas (moyenne). Quartiles par la méthode du rang le plus proche. Ne fait pas partie des agrégats publics.',
    },
  },
  es: {
    recommendations_by_year: {
      title: 'Recomendaciones enviadas por jurisdicción y año',
      definition: `${REC.es} Contadas por jurisdicción y año de envío.`,
    },
    recommendations_by_organisation: {
      title: 'Recomendaciones por organización',
      definition: `${REC.es} Contadas por organización (ONG) autora. En los agregados públicos solo se nombran las organizaciones que lo consintieron; las demás se suman en una sola fila.`,
    },
    recommendations_by_country: {
      title: 'Recomendaciones por país de los abusos',
      definition: `${REC.es} Contadas por país donde el expediente sitúa un incidente (ISO 3166-1); un caso con incidentes en dos países cuenta una vez en cada uno, por lo que las filas suman más que el total.`,
    },
    recommendations_by_region: {
      title: 'Recomendaciones por región (M49 de la ONU)',
      definition: `${REC.es} Contadas por región M49 de la ONU de los países de los abusos; una recomendación cuenta una vez por cada región que toca.`,
    },
    recommendations_by_category: {
      title: 'Recomendaciones por categoría de abuso',
      definition: `${REC.es} Contadas por categoría de abuso que registra el expediente (la taxonomía de la coalición); un caso con varias categorías cuenta una vez en cada una.`,
    },
    recommendations_by_kind: {
      title: 'Recomendaciones: derechos humanos o corrupción',
      definition: `${REC.es} Contadas por tipo de abuso (derechos humanos, corrupción) de las categorías del expediente; un caso con ambos cuenta en los dos.`,
    },
    recommendations_by_victim_group: {
      title: 'Recomendaciones por grupo de víctimas',
      definition: `${REC.es} Contadas por grupo de víctimas que registra el expediente.`,
    },
    outcomes: {
      title: 'Resultados por jurisdicción',
      definition: `${REC.es} Cada una se cuenta según su estado actual: designada, rechazada, sin respuesta o pendiente (enviada, con acuse de recibo, en estudio). Tasa de conversión = designadas / enviadas; tasa de conversión de las decididas = designadas / (designadas + rechazadas + sin respuesta).`,
    },
    time_to_designation: {
      title: 'Tiempo entre el envío y la designación',
      definition:
        'Días desde la fecha de envío de una recomendación hasta su fecha de designación (o, en su defecto, el día en que se registró el resultado), sobre las recomendaciones designadas; cuartiles por el método del rango más cercano (Q1 en el rango ⌈n/4⌉, mediana en ⌈n/2⌉, Q3 en ⌈3n/4⌉).',
    },
    open_submissions: {
      title: 'Presentaciones abiertas desde hace más de N meses',
      definition: `${REC.es} Recomendaciones pendientes (enviadas, con acuse de recibo, en estudio), y las que entre ellas se enviaron hace más de «months» meses (6 por defecto).`,
    },
    designations: {
      title: 'Designaciones de tipo Magnitsky por jurisdicción y año',
      definition:
        'Entradas de las listas oficiales bajo un programa de tipo Magnitsky (GLOMAG de EE. UU. y la ley de 2012, los regímenes británicos de derechos humanos y anticorrupción, la JVCFOA de Canadá, el régimen global de derechos humanos de la UE), incluidas las retiradas, por año de designación: la fecha de inclusión que da la lista o, en su defecto (la OFAC no la da), la primera versión importada que contenía la entrada. «Por vínculos»: entradas que la propia lista designa por vínculos con otra persona designada (la nota «Linked To:» de la OFAC); las demás listas no lo indican y sus entradas cuentan como directas.',
    },
    civil_society_basis: {
      title: 'Proporción basada en la sociedad civil',
      definition: `De las ${MS.es} (véase designaciones), la proporción precedida por una presentación de la coalición sobre esa persona a esa jurisdicción: una coincidencia confirmada vincula la entrada con un expediente, y ese caso se envió a la jurisdicción de la entrada el día de la designación o antes. Una organización ve la proporción que corresponde a sus propias presentaciones.`,
    },
    multilateral: {
      title: 'Tasa multilateral',
      definition: `De las ${MS.es} de cada jurisdicción, aquellas cuya persona también ha sido designada bajo un programa de tipo Magnitsky por otra de las cuatro (coincidencia «probable» entre listas). La fila «todas (personas)» cuenta personas, no entradas: una entrada hallada en otras m jurisdicciones pesa 1/(1+m), de modo que una persona en k listas cuenta una vez.`,
    },
    overlap: {
      title: 'Solapamiento por pares de las designaciones',
      definition: `Fila A, columna B: las ${MS.es} de A cuya persona B también designó bajo un programa de tipo Magnitsky (coincidencia «probable»); la diagonal es el total propio de A.`,
    },
    designation_basis: {
      title: 'Corrupción o derechos humanos',
      definition: `Las ${MS.es} según el abuso al que responden: el programa cuando lo indica (anticorrupción británico: corrupción; derechos humanos británico, régimen de la UE y ley de EE. UU. de 2012: derechos humanos); si no (GLOMAG, JVCFOA), los abusos de los expedientes confirmados como esa persona (solo corrupción: corrupción; cualquier abuso de derechos humanos: derechos humanos); si no, desconocido. Proporción de corrupción = corrupción / (corrupción + derechos humanos).`,
    },
    allied_share: {
      title: 'Designaciones en países aliados',
      definition: `Las ${MS.es} cuya entrada indica un país (nacionalidad, ciudadanía o país) entre los aliados: por defecto los miembros de la OTAN y de la UE, los Five Eyes, Japón, Corea del Sur, Filipinas, Tailandia e Israel; configurable («allies»).`,
    },
    year_over_year: {
      title: 'Variación frente a la media plurianual',
      definition: `Las ${MS.es} de un año (el último de los años elegidos, por defecto el año pasado) frente a la media de los «window» años anteriores (5 por defecto): variación = (número − media) / media.`,
    },
    victim_recognition: {
      title: 'Reconocimiento de las víctimas',
      definition:
        'Para cada grupo de víctimas: entre los expedientes recomendados designados por al menos una jurisdicción, la proporción cuyo expediente registra ese grupo, frente a la misma proporción entre todos los expedientes recomendados. Grupos marginados: mujeres, niñas y niños, personas LGBTQI+, personas indígenas, personas con discapacidad.',
    },
    review_operations: {
      title: 'Operaciones de revisión',
      definition:
        'Sobre los expedientes presentados a la coalición (por año de primera presentación): espera en la cola = días desde la primera presentación hasta el primer acto de revisión (la asignación actual o la primera decisión, lo que ocurra antes); en revisión = días desde ese acto hasta la última aprobación o rechazo; rondas de cambios solicitados = decisiones de «solicitar cambios» por caso (media). Cuartiles por el método del rango más cercano. No forma parte de los agregados públicos.',
    },
  },
  ar: {
    recommendations_by_year: {
      title: 'التوصيات المرسلة حسب الولاية القضائية والسنة',
      definition: `${REC.ar} تُحصى حسب الولاية القضائية وسنة الإرسال.`,
    },
    recommendations_by_organisation: {
      title: 'التوصيات حسب المنظمة',
      definition: `${REC.ar} تُحصى حسب المنظمة (غير الحكومية) التي أعدّتها. في المجاميع العامة لا تُسمّى إلا المنظمات التي وافقت على ذلك، وتُجمع البقية في صف واحد.`,
    },
    recommendations_by_country: {
      title: 'التوصيات حسب بلد الانتهاكات',
      definition: `${REC.ar} تُحصى حسب البلد الذي يضع فيه ملف القضية حادثةً (ISO 3166-1)؛ والقضية التي وقعت حوادثها في بلدين تُحسب مرة في كل منهما، لذا يزيد مجموع الصفوف على الإجمالي.`,
    },
    recommendations_by_region: {
      title: 'التوصيات حسب المنطقة (تصنيف M49 للأمم المتحدة)',
      definition: `${REC.ar} تُحصى حسب منطقة تصنيف M49 للأمم المتحدة التي تنتمي إليها بلدان الانتهاكات؛ وتُحسب التوصية مرة لكل منطقة تشملها.`,
    },
    recommendations_by_category: {
      title: 'التوصيات حسب فئة الانتهاك',
      definition: `${REC.ar} تُحصى حسب فئة الانتهاك التي يسجلها ملف القضية (تصنيف التحالف)؛ والقضية ذات الفئات المتعددة تُحسب مرة في كل فئة.`,
    },
    recommendations_by_kind: {
      title: 'التوصيات: حقوق الإنسان أو الفساد',
      definition: `${REC.ar} تُحصى حسب نوع الانتهاك (حقوق الإنسان، الفساد) في فئات ملف القضية؛ والقضية التي تجمع النوعين تُحسب في كليهما.`,
    },
    recommendations_by_victim_group: {
      title: 'التوصيات حسب فئة الضحايا',
      definition: `${REC.ar} تُحصى حسب فئة الضحايا التي يسجلها ملف القضية.`,
    },
    outcomes: {
      title: 'النتائج حسب الولاية القضائية',
      definition: `${REC.ar} تُحصى كل توصية حسب حالتها الحالية: صُنِّفت، أو رُفضت، أو لم يُردّ عليها، أو قيد الانتظار (مرسلة، أو أُقرّ باستلامها، أو قيد الدراسة). معدل التحويل = المصنَّفة / المرسلة؛ ومعدل تحويل ما بُتّ فيه = المصنَّفة / (المصنَّفة + المرفوضة + التي لم يُردّ عليها).`,
    },
    time_to_designation: {
      title: 'المدة من الإرسال إلى التصنيف',
      definition:
        'عدد الأيام من تاريخ إرسال التوصية إلى تاريخ التصنيف (وإلا فيوم تسجيل النتيجة)، على التوصيات التي أفضت إلى تصنيف؛ والربيعيات بطريقة أقرب رتبة (الربيع الأول عند الرتبة ⌈n/4⌉، والوسيط عند ⌈n/2⌉، والربيع الثالث عند ⌈3n/4⌉).',
    },
    open_submissions: {
      title: 'التقديمات المفتوحة منذ أكثر من N أشهر',
      definition: `${REC.ar} التوصيات قيد الانتظار (مرسلة، أو أُقرّ باستلامها، أو قيد الدراسة)، وما أُرسل منها قبل أكثر من «months» شهرًا (6 افتراضيًا).`,
    },
    designations: {
      title: 'التصنيفات على غرار قانون ماغنيتسكي حسب الولاية القضائية والسنة',
      definition:
        'قيود القوائم الرسمية ضمن برنامج على غرار قانون ماغنيتسكي (برنامج GLOMAG الأمريكي وقانون 2012، ونظاما المملكة المتحدة لحقوق الإنسان ومكافحة الفساد، وقانون JVCFOA الكندي، والنظام العالمي لحقوق الإنسان في الاتحاد الأوروبي)، بما فيها القيود المشطوبة، حسب سنة التصنيف: تاريخ الإدراج في القائمة، وإلا (إذ لا يذكره مكتب OFAC) أول نسخة مستوردة تضمنت القيد. «بسبب الصلات»: قيود تذكر القائمة نفسها أنها صُنّفت لصلتها بشخص مصنَّف آخر (ملاحظة «Linked To:» لدى OFAC)؛ ولا تذكر القوائم الأخرى ذلك، فتُعدّ قيودها مباشرة.',
    },
    civil_society_basis: {
      title: 'حصة الاستناد إلى المجتمع المدني',
      definition: `من ${MS.ar} (انظر التصنيفات)، الحصة التي سبقها تقديم من التحالف بشأن ذلك الشخص إلى تلك الولاية القضائية: مطابقة مؤكدة تربط القيد بملف قضية، وأُرسلت تلك القضية إلى ولاية القيد في يوم التصنيف أو قبله. وترى المنظمة الحصة التي تعود إلى تقديماتها هي.`,
    },
    multilateral: {
      title: 'معدل التصنيف المتعدد الأطراف',
      definition: `من ${MS.ar} لكل ولاية قضائية، تلك التي صنّفت شخصَها أيضًا ولايةٌ أخرى من الأربع ضمن برنامج على غرار ماغنيتسكي (مطابقة «مرجّحة» بين القوائم). صف «الكل (أشخاص)» يعدّ الأشخاص لا القيود: القيد المطابق في m ولايات أخرى يزن 1/(1+m)، فيُحسب الشخص المدرج في k قوائم مرة واحدة.`,
    },
    overlap: {
      title: 'التداخل الثنائي بين التصنيفات',
      definition: `الصف A والعمود B: ${MS.ar} لدى A التي صنّف B شخصَها أيضًا ضمن برنامج على غرار ماغنيتسكي (مطابقة «مرجّحة»)؛ والقطر هو إجمالي A نفسه.`,
    },
    designation_basis: {
      title: 'الفساد أو حقوق الإنسان',
      definition: `${MS.ar} حسب الانتهاك الذي تردّ عليه: البرنامج حين يحدده (نظام المملكة المتحدة لمكافحة الفساد: فساد؛ ونظامها لحقوق الإنسان ونظام الاتحاد الأوروبي وقانون الولايات المتحدة لعام 2012: حقوق الإنسان)؛ وإلا (GLOMAG وJVCFOA) فانتهاكات ملفات القضايا المؤكد أنها تخص ذلك الشخص (فساد فقط: فساد؛ أي انتهاك لحقوق الإنسان: حقوق الإنسان)؛ وإلا فغير معروف. حصة الفساد = الفساد / (الفساد + حقوق الإنسان).`,
    },
    allied_share: {
      title: 'التصنيفات في البلدان الحليفة',
      definition: `${MS.ar} التي يذكر قيدها بلدًا (الجنسية أو المواطنة أو البلد) من بين الحلفاء: افتراضيًا أعضاء حلف الناتو والاتحاد الأوروبي، ودول «العيون الخمس»، واليابان، وكوريا الجنوبية، والفلبين، وتايلاند، وإسرائيل؛ ويمكن تغيير القائمة («allies»).`,
    },
    year_over_year: {
      title: 'التغير مقارنة بالمتوسط المتعدد السنوات',
      definition: `${MS.ar} في سنة ما (آخر السنوات المختارة، وافتراضيًا السنة الماضية) مقارنة بمتوسط السنوات «window» السابقة لها (5 افتراضيًا): التغير = (العدد − المتوسط) / المتوسط.`,
    },
    victim_recognition: {
      title: 'الاعتراف بالضحايا',
      definition:
        'لكل فئة من الضحايا: بين ملفات القضايا الموصى بها التي صنّفتها ولاية قضائية واحدة على الأقل، حصة الملفات التي تسجل تلك الفئة، مقارنة بالحصة نفسها بين جميع ملفات القضايا الموصى بها. الفئات المهمشة: النساء، والأطفال، ومجتمع الميم (LGBTQI+)، والشعوب الأصلية، والأشخاص ذوو الإعاقة.',
    },
    review_operations: {
      title: 'عمليات المراجعة',
      definition:
        'على ملفات القضايا المقدمة إلى التحالف (حسب سنة التقديم الأول): الانتظار في الطابور = الأيام من التقديم الأول إلى أول إجراء مراجعة (الإسناد الحالي أو أول قرار، أيهما أسبق)؛ وقيد المراجعة = الأيام من ذلك الإجراء إلى آخر موافقة أو رفض؛ وجولات طلب التعديل = قرارات «طلب تعديلات» لكل قضية (المتوسط). الربيعيات بطريقة أقرب رتبة. ليست جزءًا من المجاميع العامة.',
    },
  },
};

/** Column labels, keyed by the API's English label. */
const COLUMNS: Record<Lang, Record<string, string>> = {
  fr: {
    Jurisdiction: 'Juridiction', Year: 'Année', All: 'Tous', Total: 'Total', Sent: 'Envoyées', Designated: 'Désignées',
    Declined: 'Refusées', 'No response': 'Sans réponse', Pending: 'En attente', 'Conversion rate': 'Taux de conversion',
    'Conversion rate of decided': 'Taux de conversion des décisions', 'Magnitsky-style designations': 'Désignations de type Magnitsky',
    Direct: 'Directes', 'For ties to another designee': 'Pour liens avec une autre personne désignée',
    'Preceded by a coalition submission': 'Précédées d’une soumission de la coalition', 'Civil-society basis share': 'Part fondée sur la société civile',
    'Also designated by another of the four': 'Aussi désignées par une autre des quatre', 'Multilateral rate': 'Taux multilatéral',
    'Designated by': 'Désignées par', Corruption: 'Corruption', 'Human rights': 'Droits humains', 'Basis not known': 'Fondement inconnu',
    'Corruption share (of known)': 'Part de la corruption (parmi les connus)', 'In allied countries': 'Dans des pays alliés',
    'No country on the list': 'Aucun pays sur la liste', 'Allied-country share': 'Part des pays alliés',
    'Designations that year': 'Désignations cette année-là', 'Change against the average': 'Évolution par rapport à la moyenne',
    'Victim group': 'Groupe de victimes', 'Marginalised group': 'Groupe marginalisé', 'Designated cases': 'Cas désignés',
    'Designated cases recording it': 'Cas désignés l’enregistrant', 'Share of designated': 'Part des désignés',
    'Recommended cases': 'Cas recommandés', 'Recommended cases recording it': 'Cas recommandés l’enregistrant',
    'Share of recommended': 'Part des recommandés', Measure: 'Mesure', Label: 'Libellé', Cases: 'Cas', Designations: 'Désignations',
    'Median (days)': 'Médiane (jours)', 'First quartile (days)': 'Premier quartile (jours)', 'Third quartile (days)': 'Troisième quartile (jours)',
    'Shortest (days)': 'Plus court (jours)', 'Longest (days)': 'Plus long (jours)', 'First quartile': 'Premier quartile',
    'Third quartile': 'Troisième quartile', 'Median (rounds: mean)': 'Médiane (tours : moyenne)',
    'Cases waiting for a first review act': 'Cas en attente d’un premier acte de relecture', 'Cases with changes requested': 'Cas avec modifications demandées',
    'Share of pending': 'Part des en attente', 'Sent before': 'Envoyées avant', 'Oldest sent on': 'Plus ancienne envoyée le',
    'Organisation id': 'Identifiant de l’organisation', 'Country (ISO)': 'Pays (ISO)', 'Region (UN M49)': 'Région (M49 de l’ONU)', 'Sub-region': 'Sous-région', 'Kind of abuse': 'Type d’abus',
    Organisation: 'Organisation', Country: 'Pays', Region: 'Région', Kind: 'Type', Category: 'Catégorie',
  },
  es: {
    Jurisdiction: 'Jurisdicción', Year: 'Año', All: 'Todas', Total: 'Total', Sent: 'Enviadas', Designated: 'Designadas',
    Declined: 'Rechazadas', 'No response': 'Sin respuesta', Pending: 'Pendientes', 'Conversion rate': 'Tasa de conversión',
    'Conversion rate of decided': 'Tasa de conversión de las decididas', 'Magnitsky-style designations': 'Designaciones de tipo Magnitsky',
    Direct: 'Directas', 'For ties to another designee': 'Por vínculos con otra persona designada',
    'Preceded by a coalition submission': 'Precedidas por una presentación de la coalición', 'Civil-society basis share': 'Proporción basada en la sociedad civil',
    'Also designated by another of the four': 'También designadas por otra de las cuatro', 'Multilateral rate': 'Tasa multilateral',
    'Designated by': 'Designadas por', Corruption: 'Corrupción', 'Human rights': 'Derechos humanos', 'Basis not known': 'Fundamento desconocido',
    'Corruption share (of known)': 'Proporción de corrupción (de las conocidas)', 'In allied countries': 'En países aliados',
    'No country on the list': 'Sin país en la lista', 'Allied-country share': 'Proporción de países aliados',
    'Designations that year': 'Designaciones ese año', 'Change against the average': 'Variación frente a la media',
    'Victim group': 'Grupo de víctimas', 'Marginalised group': 'Grupo marginado', 'Designated cases': 'Casos designados',
    'Designated cases recording it': 'Casos designados que lo registran', 'Share of designated': 'Proporción de los designados',
    'Recommended cases': 'Casos recomendados', 'Recommended cases recording it': 'Casos recomendados que lo registran',
    'Share of recommended': 'Proporción de los recomendados', Measure: 'Medida', Label: 'Etiqueta', Cases: 'Casos', Designations: 'Designaciones',
    'Median (days)': 'Mediana (días)', 'First quartile (days)': 'Primer cuartil (días)', 'Third quartile (days)': 'Tercer cuartil (días)',
    'Shortest (days)': 'Más corto (días)', 'Longest (days)': 'Más largo (días)', 'First quartile': 'Primer cuartil',
    'Third quartile': 'Tercer cuartil', 'Median (rounds: mean)': 'Mediana (rondas: media)',
    'Cases waiting for a first review act': 'Casos a la espera de un primer acto de revisión', 'Cases with changes requested': 'Casos con cambios solicitados',
    'Share of pending': 'Proporción de las pendientes', 'Sent before': 'Enviadas antes de', 'Oldest sent on': 'La más antigua, enviada el',
    'Organisation id': 'Identificador de la organización', 'Country (ISO)': 'País (ISO)', 'Region (UN M49)': 'Región (M49 de la ONU)', 'Sub-region': 'Subregión', 'Kind of abuse': 'Tipo de abuso',
    Organisation: 'Organización', Country: 'País', Region: 'Región', Kind: 'Tipo', Category: 'Categoría',
  },
  ar: {
    Jurisdiction: 'الولاية القضائية', Year: 'السنة', All: 'الكل', Total: 'الإجمالي', Sent: 'المرسلة', Designated: 'المصنَّفة',
    Declined: 'المرفوضة', 'No response': 'بلا رد', Pending: 'قيد الانتظار', 'Conversion rate': 'معدل التحويل',
    'Conversion rate of decided': 'معدل تحويل ما بُتّ فيه', 'Magnitsky-style designations': 'التصنيفات على غرار ماغنيتسكي',
    Direct: 'مباشرة', 'For ties to another designee': 'بسبب الصلة بشخص مصنَّف آخر',
    'Preceded by a coalition submission': 'سبقها تقديم من التحالف', 'Civil-society basis share': 'حصة الاستناد إلى المجتمع المدني',
    'Also designated by another of the four': 'صنّفتها أيضًا ولاية أخرى من الأربع', 'Multilateral rate': 'المعدل المتعدد الأطراف',
    'Designated by': 'صنّفتها', Corruption: 'الفساد', 'Human rights': 'حقوق الإنسان', 'Basis not known': 'الأساس غير معروف',
    'Corruption share (of known)': 'حصة الفساد (من المعروف)', 'In allied countries': 'في بلدان حليفة',
    'No country on the list': 'لا بلد في القائمة', 'Allied-country share': 'حصة البلدان الحليفة',
    'Designations that year': 'تصنيفات تلك السنة', 'Change against the average': 'التغير مقارنة بالمتوسط',
    'Victim group': 'فئة الضحايا', 'Marginalised group': 'فئة مهمشة', 'Designated cases': 'القضايا المصنَّفة',
    'Designated cases recording it': 'القضايا المصنَّفة التي تسجلها', 'Share of designated': 'الحصة بين المصنَّفة',
    'Recommended cases': 'القضايا الموصى بها', 'Recommended cases recording it': 'القضايا الموصى بها التي تسجلها',
    'Share of recommended': 'الحصة بين الموصى بها', Measure: 'المقياس', Label: 'التسمية', Cases: 'القضايا', Designations: 'التصنيفات',
    'Median (days)': 'الوسيط (بالأيام)', 'First quartile (days)': 'الربيع الأول (بالأيام)', 'Third quartile (days)': 'الربيع الثالث (بالأيام)',
    'Shortest (days)': 'الأقصر (بالأيام)', 'Longest (days)': 'الأطول (بالأيام)', 'First quartile': 'الربيع الأول',
    'Third quartile': 'الربيع الثالث', 'Median (rounds: mean)': 'الوسيط (الجولات: المتوسط)',
    'Cases waiting for a first review act': 'قضايا تنتظر أول إجراء مراجعة', 'Cases with changes requested': 'قضايا طُلبت فيها تعديلات',
    'Share of pending': 'الحصة من قيد الانتظار', 'Sent before': 'أُرسلت قبل', 'Oldest sent on': 'أقدمها أُرسل في',
    'Organisation id': 'معرّف المنظمة', 'Country (ISO)': 'البلد (ISO)', 'Region (UN M49)': 'المنطقة (M49 للأمم المتحدة)', 'Sub-region': 'المنطقة الفرعية', 'Kind of abuse': 'نوع الانتهاك',
    Organisation: 'المنظمة', Country: 'البلد', Region: 'المنطقة', Kind: 'النوع', Category: 'الفئة',
  },
};

// Labels the API writes with the filter's number in them.
const TEMPLATED: Record<Lang, [RegExp, (n: string) => string][]> = {
  fr: [
    [/^Sent more than (\d+) months ago$/, (n) => `Envoyées il y a plus de ${n} mois`],
    [/^Designations in the (\d+) years before$/, (n) => `Désignations des ${n} années précédentes`],
    [/^(\d+)-year average$/, (n) => `Moyenne sur ${n} ans`],
  ],
  es: [
    [/^Sent more than (\d+) months ago$/, (n) => `Enviadas hace más de ${n} meses`],
    [/^Designations in the (\d+) years before$/, (n) => `Designaciones de los ${n} años anteriores`],
    [/^(\d+)-year average$/, (n) => `Media de ${n} años`],
  ],
  ar: [
    [/^Sent more than (\d+) months ago$/, (n) => `أُرسلت قبل أكثر من ${n} أشهر`],
    [/^Designations in the (\d+) years before$/, (n) => `تصنيفات السنوات الـ${n} السابقة`],
    [/^(\d+)-year average$/, (n) => `متوسط ${n} سنوات`],
  ],
};

function lang(language: string): Lang | null {
  const l = language.split('-')[0];
  return l === 'fr' || l === 'es' || l === 'ar' ? l : null;
}

/** A metric's title and definition in `language`; the API's own (English) words when not translated. */
export function metricText(language: string, metric: string, api: MetricText): MetricText {
  const l = lang(language);
  return (l && METRIC_TEXT[l][metric]) || api;
}

/** A column's label in `language`; the API's label when not translated. */
export function columnLabel(language: string, label: string): string {
  const l = lang(language);
  if (!l) return label;
  const exact = COLUMNS[l][label];
  if (exact) return exact;
  for (const [re, f] of TEMPLATED[l]) {
    const m = re.exec(label);
    if (m?.[1]) return f(m[1]);
  }
  return label;
}
