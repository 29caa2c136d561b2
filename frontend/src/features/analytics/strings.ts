/** The dashboard's words in the portal's four languages (kept with the feature; English is the fallback). */

const en = {
  title: 'Coalition analytics',
  intro:
    'Figures computed live from the coalition’s recommendations, their outcomes and the official sanctions lists. Each chart has its definition and a table with the same numbers.',
  views: { overview: 'Coalition overview', jurisdictions: 'Jurisdictions compared', victims: 'Victims and abuses', mine: 'My organisation' },
  viewsLabel: 'Dashboard pages',
  filters: 'Filters',
  years: 'Years (comma-separated)',
  jurisdictions: 'Jurisdictions',
  scope: 'Figures',
  scopeTenant: 'Everything I may see',
  scopePublic: 'Public aggregates (small cells suppressed)',
  apply: 'Apply',
  reset: 'Clear filters',
  definition: 'Definition',
  table: 'Data table',
  csv: 'Download CSV',
  suppressed: '<5',
  suppressedNote: 'Cells under 5 are suppressed in the public aggregates.',
  noData: 'No data for these filters.',
  loading: 'Loading…',
  chartOf: 'Bar chart: {{measure}} by {{label}}. The table below gives every value.',
  notes: 'Notes',
  jurisdictionNames: { us: 'United States', uk: 'United Kingdom', ca: 'Canada', eu: 'European Union' },
  rowNames: { all: 'all', 'all (persons)': 'all (persons)' } as Record<string, string>,
};

type Strings = typeof en;

const fr: Strings = {
  ...en,
  title: 'Statistiques de la coalition',
  intro:
    'Chiffres calculés en direct à partir des recommandations de la coalition, de leurs suites et des listes officielles de sanctions. Chaque graphique a sa définition et un tableau des mêmes chiffres.',
  views: { overview: 'Vue d’ensemble', jurisdictions: 'Juridictions comparées', victims: 'Victimes et abus', mine: 'Mon organisation' },
  viewsLabel: 'Pages du tableau de bord',
  filters: 'Filtres',
  years: 'Années (séparées par des virgules)',
  jurisdictions: 'Juridictions',
  scope: 'Chiffres',
  scopeTenant: 'Tout ce que je peux voir',
  scopePublic: 'Agrégats publics (petites cellules masquées)',
  apply: 'Appliquer',
  reset: 'Effacer les filtres',
  definition: 'Définition',
  table: 'Tableau de données',
  csv: 'Télécharger le CSV',
  suppressedNote: 'Les cellules inférieures à 5 sont masquées dans les agrégats publics.',
  noData: 'Aucune donnée pour ces filtres.',
  loading: 'Chargement…',
  chartOf: 'Diagramme en barres : {{measure}} par {{label}}. Le tableau ci-dessous donne chaque valeur.',
  notes: 'Notes',
  jurisdictionNames: { us: 'États-Unis', uk: 'Royaume-Uni', ca: 'Canada', eu: 'Union européenne' },
  rowNames: { all: 'toutes', 'all (persons)': 'toutes (personnes)' },
};

const es: Strings = {
  ...en,
  title: 'Estadísticas de la coalición',
  intro:
    'Cifras calculadas en directo a partir de las recomendaciones de la coalición, sus resultados y las listas oficiales de sanciones. Cada gráfico tiene su definición y una tabla con las mismas cifras.',
  views: { overview: 'Visión general', jurisdictions: 'Jurisdicciones comparadas', victims: 'Víctimas y abusos', mine: 'Mi organización' },
  viewsLabel: 'Páginas del panel',
  filters: 'Filtros',
  years: 'Años (separados por comas)',
  jurisdictions: 'Jurisdicciones',
  scope: 'Cifras',
  scopeTenant: 'Todo lo que puedo ver',
  scopePublic: 'Agregados públicos (celdas pequeñas suprimidas)',
  apply: 'Aplicar',
  reset: 'Borrar filtros',
  definition: 'Definición',
  table: 'Tabla de datos',
  csv: 'Descargar CSV',
  suppressedNote: 'Las celdas menores que 5 se suprimen en los agregados públicos.',
  noData: 'No hay datos para estos filtros.',
  loading: 'Cargando…',
  chartOf: 'Gráfico de barras: {{measure}} por {{label}}. La tabla siguiente da cada valor.',
  notes: 'Notas',
  jurisdictionNames: { us: 'Estados Unidos', uk: 'Reino Unido', ca: 'Canadá', eu: 'Unión Europea' },
  rowNames: { all: 'todas', 'all (persons)': 'todas (personas)' },
};

const ar: Strings = {
  ...en,
  title: 'إحصاءات التحالف',
  intro:
    'أرقام تُحسب مباشرة من توصيات التحالف ونتائجها ومن قوائم العقوبات الرسمية. لكل رسم بياني تعريفه وجدول بالأرقام نفسها.',
  views: { overview: 'نظرة عامة على التحالف', jurisdictions: 'مقارنة الولايات القضائية', victims: 'الضحايا والانتهاكات', mine: 'منظمتي' },
  viewsLabel: 'صفحات لوحة المعلومات',
  filters: 'عوامل التصفية',
  years: 'السنوات (مفصولة بفواصل)',
  jurisdictions: 'الولايات القضائية',
  scope: 'الأرقام',
  scopeTenant: 'كل ما يمكنني رؤيته',
  scopePublic: 'المجاميع العامة (تُحجب الخلايا الصغيرة)',
  apply: 'تطبيق',
  reset: 'مسح عوامل التصفية',
  definition: 'التعريف',
  table: 'جدول البيانات',
  csv: 'تنزيل CSV',
  suppressedNote: 'تُحجب الخلايا التي تقل عن 5 في المجاميع العامة.',
  noData: 'لا توجد بيانات لعوامل التصفية هذه.',
  loading: 'جارٍ التحميل…',
  chartOf: 'رسم بياني شريطي: {{measure}} حسب {{label}}. يعطي الجدول أدناه كل قيمة.',
  notes: 'ملاحظات',
  jurisdictionNames: { us: 'الولايات المتحدة', uk: 'المملكة المتحدة', ca: 'كندا', eu: 'الاتحاد الأوروبي' },
  rowNames: { all: 'الكل', 'all (persons)': 'الكل (أشخاص)' },
};

const ALL: Record<string, Strings> = { en, fr, es, ar };

export function stringsFor(language: string): Strings {
  return ALL[language.split('-')[0] ?? 'en'] ?? en;
}

export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, k: string) => values[k] ?? '');
}
