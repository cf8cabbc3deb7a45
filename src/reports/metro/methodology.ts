// The methodology the report states to its recipients (the municipalities): sources, definitions and caveats, in
// Spanish, shared by the workbook's «Metodología» sheet and the PDF.
import type { Suppressed } from '../types.ts';
import type { MetroData } from './compute.ts';

export interface MethodologyEntry {
  topic: string;
  text: string;
}

const catalogLabel = (v: '2' | '3') => (v === '2' ? '2.0' : '3');

export function methodology(d: MetroData<Suppressed>): MethodologyEntry[] {
  const v = catalogLabel(d.cnieVersion);
  const files = [...d.sesnsp.municipal.sources, ...(d.sesnsp.state?.sources ?? [])];
  return [
    {
      topic: 'Fuente: 9-1-1 y 089',
      text:
        `Llamadas de emergencia al 9-1-1 y denuncias anónimas al 089 recibidas por el C4 de ${d.stateName}, clasificadas con el ` +
        `Catálogo Nacional de Incidentes de Emergencia (CNIE) versión ${v} y ubicadas en su municipio. Las cifras se leen de los ` +
        'acumulados diarios por municipio y clave de incidente, no de registros individuales.',
    },
    {
      topic: 'Fuente: SESNSP',
      text:
        'Incidencia delictiva del fuero común del Secretariado Ejecutivo del Sistema Nacional de Seguridad Pública (SESNSP), datos ' +
        'abiertos con la metodología vigente desde 2015: presuntos delitos registrados en las carpetas de investigación iniciadas ' +
        'por la Fiscalía del estado, por municipio (archivo IDM_NM) y por entidad (archivo IDEFC_NM). ' +
        (files.length ? `Archivos usados para ${d.period.label}: ${files.join(', ')}.` : `No se ha importado ningún archivo del SESNSP que cubra ${d.period.label}.`),
    },
    {
      topic: 'Fuente: población',
      text: `Proyecciones de la población de los municipios de México del Consejo Nacional de Población (CONAPO), año ${d.period.populationYear} para el periodo del reporte, ${d.previous.populationYear} para el periodo anterior y ${d.lastYear.populationYear} para el mismo periodo del año anterior.`,
    },
    {
      topic: 'Municipios del grupo',
      text:
        `${d.group.name}: ${d.municipalities.map((m) => `${m.name} (${m.code})`).join(', ')}. ` +
        (d.group.sourceCitation ? `Fuente de la lista: ${d.group.sourceCitation}${d.group.sourceUrl ? ` (${d.group.sourceUrl})` : ''}.` : 'La lista no tiene una fuente oficial registrada.'),
    },
    {
      topic: 'Incidente de seguridad',
      text:
        `Incidente recibido por 9-1-1 o 089 cuya clave del CNIE, expresada en la versión ${v}, es del tipo 3 «Seguridad». Las claves ` +
        'registradas en la otra versión se traducen con la equivalencia entre versiones del catálogo; las que no tienen equivalente ' +
        'se cuentan en «Sin equivalencia» cuando eran del tipo 3. El tipo de incidente es el subtipo del CNIE (los tres primeros ' +
        'dígitos de la clave).',
    },
    {
      topic: 'Delito (SESNSP)',
      text: 'Número de presuntos delitos del fuero común. El tipo de delito es la columna «Tipo de delito» del SESNSP, que suma sus subtipos y modalidades; se agrupa por «Bien jurídico afectado».',
    },
    {
      topic: 'Tasa por cada 100 mil habitantes',
      text:
        'Conteo del periodo × 100 000 ÷ población del municipio (o del grupo) según CONAPO en el año del periodo. Es la tasa del ' +
        'periodo, no anualizada: solo se comparan tasas de periodos de la misma duración.',
    },
    {
      topic: 'Variación porcentual',
      text:
        '(Conteo del periodo − conteo del periodo de comparación) ÷ conteo del periodo de comparación. Periodo anterior: ' +
        `${d.previous.label}; mismo periodo del año anterior: ${d.lastYear.label}. «n.a.» (no aplica) cuando el periodo de ` +
        'comparación tiene cero; «sin datos» cuando la fuente no ha publicado ese periodo.',
    },
    {
      topic: 'Lugar',
      text:
        'Posición del municipio según su tasa por cada 100 mil habitantes, de mayor a menor; municipios con la misma tasa ' +
        'comparten lugar. Sin población o sin datos no hay lugar. En un municipio con poca población unos cuantos casos dan una ' +
        'tasa alta: lea la tasa junto con el conteo.',
    },
    {
      topic: 'Lectura de las dos fuentes',
      text:
        'Las llamadas y denuncias anónimas no son delitos comprobados: una misma situación puede generar varias llamadas y muchas ' +
        'no llegan a una denuncia ante el Ministerio Público. Las cifras del SESNSP cuentan presuntos delitos denunciados. Las dos ' +
        'fuentes no se suman y no tienen por qué coincidir.',
    },
    {
      topic: 'Cobertura del SESNSP',
      text:
        'Según el SESNSP, la información municipal no siempre incluye todos los municipios y no es directamente comparable con la ' +
        'estatal; los delitos que la Fiscalía no asigna a un municipio se publican como «Otros municipios». Por eso el total de la ' +
        'entidad se presenta aparte. Un mes que el SESNSP no ha publicado se presenta como «sin datos», nunca como cero.',
    },
    {
      topic: 'Datos personales',
      text: 'El reporte contiene solo cifras agregadas por municipio y tipo de incidente o de delito: ningún nombre, número telefónico, nota ni ubicación de los hechos.',
    },
    ...d.notes.map((text) => ({ topic: 'Aviso del periodo', text })),
  ];
}
