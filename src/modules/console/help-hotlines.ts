// Default hotlines of the help page (a plain emergency number is named by the number: the page labels its kind): the services that take reports from anywhere, and for the main countries
// of the page's languages the emergency number, the police's cyber-crime channel and the removal or support
// services. Every number and address was found in the page named in `source` (checked 2026-12-02; the table
// in docs/help-hotlines.md says which sources are the service's own). Lines are only listed with a number or
// an address that a source gave; the GSM 112 line that helps everywhere covers a country whose own emergency
// number is missing, since every mobile phone connects it to the local emergency service.
import type { Hotline } from './help-config.ts';

type Line = Omit<Hotline, 'audience'> & { audience?: Hotline['audience'] };

const LINES: Line[] = [
  // Everywhere
  { key: 'take-it-down', country: '*', kind: 'image_removal', audience: 'under18', name: 'Take It Down (NCMEC)', url: 'https://takeitdown.ncmec.org/', source: 'https://www.wtap.com/prnewswire/2023/02/27/ncmec-launches-new-service-that-can-help-you-take-it-down/' },
  { key: 'stopncii', country: '*', kind: 'image_removal', audience: 'adults', name: 'StopNCII.org', url: 'https://stopncii.org/', source: 'https://stopncii.org/gyik' },
  { key: 'gsm-112', country: '*', kind: 'emergency', name: '112', phone: '112', source: 'https://en.wikipedia.org/wiki/112_(emergency_telephone_number)' },

  // United States
  { key: 'us-911', country: 'US', kind: 'emergency', name: '911', phone: '911', source: 'https://worddisk.com/wiki/Emergency_telephone_number/' },
  { key: 'us-cybertipline', country: 'US', kind: 'child_protection', audience: 'under18', name: 'NCMEC CyberTipline', phone: '1-800-843-5678', url: 'https://report.cybertip.org/', source: 'https://report.cybertip.org/faqs' },
  { key: 'us-fbi', country: 'US', kind: 'police', name: 'FBI', phone: '1-800-225-5324', url: 'https://tips.fbi.gov/', source: 'https://www.wzdm.com/2023/01/24/fbi-targeting-sextortion-cases-among-teens/' },

  // United Kingdom
  { key: 'uk-999', country: 'GB', kind: 'emergency', name: '999', phone: '999', source: 'https://www.wiltshire.police.uk/advice/advice-and-information/sexual-offences/sextortion/' },
  { key: 'uk-101', country: 'GB', kind: 'police', name: 'Police non-emergency', phone: '101', source: 'https://revengepornhelpline.org.uk/faq/' },
  { key: 'uk-revenge-porn-helpline', country: 'GB', kind: 'support', audience: 'adults', name: 'Revenge Porn Helpline', phone: '0345 6000 459', url: 'https://revengepornhelpline.org.uk/', source: 'https://revengepornhelpline.org.uk/faq/' },
  { key: 'uk-report-remove', country: 'GB', kind: 'image_removal', audience: 'under18', name: 'Childline and IWF Report Remove', url: 'https://www.childline.org.uk/', source: 'https://crimestoppers-uk.org/fearless/news/2024/report-remove' },

  // India
  { key: 'in-112', country: 'IN', kind: 'emergency', name: '112', phone: '112', source: 'https://en.wikipedia.org/wiki/112_(emergency_telephone_number)' },
  { key: 'in-cybercrime', country: 'IN', kind: 'cyber_report', name: 'National Cyber Crime Helpline and Reporting Portal', phone: '1930', url: 'https://cybercrime.gov.in/', source: 'https://nagalandpost.com/citizens-asked-to-report-financial-frauds/' },

  // Philippines
  { key: 'ph-911', country: 'PH', kind: 'emergency', name: '911', phone: '911', source: 'https://rmn.ph/cybercrime-sa-bansa-tumaas-pnp' },
  // The source prints the pre-2019 seven-digit Metro Manila form (02) 414-1560; Manila landlines have had
  // an 8 in front since the 2019 eight-digit change.
  { key: 'ph-pnp-acg', country: 'PH', kind: 'cyber_report', name: 'PNP Anti-Cybercrime Group', phone: '(02) 8414-1560', source: 'https://rmn.ph/cybercrime-sa-bansa-tumaas-pnp' },

  // Nigeria
  { key: 'ng-112', country: 'NG', kind: 'emergency', name: '112', phone: '112', source: 'https://technologytimes.ng/dial-122-how-nigerias-three-digit-emergency-number-works/' },
  { key: 'ng-npf-cybercrime', country: 'NG', kind: 'cyber_report', name: 'Nigeria Police Force cybercrime reporting portal', url: 'https://incb.police.gov.ng/', source: 'https://www.pulse.ng/news/local/police-launch-cybercrime-reporting-portal/w2clkt2' },

  // Japan
  { key: 'jp-110', country: 'JP', kind: 'emergency', name: '警察 110番', phone: '110', source: 'http://www.pref.ibaraki.jp/kenkei/a01_safety/cyber/taisyo/index.html' },
  { key: 'jp-9110', country: 'JP', kind: 'police', name: '警察相談専用電話', phone: '#9110', source: 'https://www1.pref.shimane.lg.jp/police/01_safety_of_life/cyber_security/johoteikyo/illegal_harmful_info.html' },

  // South Korea
  { key: 'kr-112', country: 'KR', kind: 'emergency', name: '경찰 112', phone: '112', source: 'https://ant.sinalog.kr/2026/02/ecrm-homepage.html' },
  { key: 'kr-ecrm', country: 'KR', kind: 'cyber_report', name: '경찰청 사이버범죄 신고시스템 (ECRM)', url: 'https://ecrm.police.go.kr/minwon/main', source: 'https://mynews-room.com/591' },
  { key: 'kr-d4u', country: 'KR', kind: 'image_removal', name: '디지털성범죄피해자지원센터', phone: '02-735-8994', url: 'https://d4u.stop.or.kr/', source: 'https://www.servedream.com/announcements/138300000038' },
  { key: 'kr-1366', country: 'KR', kind: 'support', name: '여성긴급전화 1366', phone: '1366', source: 'http://gbsunflower.or.kr/bbs/board.php?bo_table=04_03&page=8&wr_id=266' },

  // China
  { key: 'cn-110', country: 'CN', kind: 'emergency', name: '报警电话 110', phone: '110', source: 'http://www.utahskigirl.com/info/1008/39628.htm' },
  { key: 'cn-12377', country: 'CN', kind: 'cyber_report', name: '违法和不良信息举报中心', phone: '12377', url: 'https://www.12377.cn/', source: 'http://www.utahskigirl.com/info/1008/39628.htm' },

  // Taiwan
  { key: 'tw-110', country: 'TW', kind: 'emergency', name: '110 報案專線', phone: '110', source: 'https://www.sanxia.police.ntpc.gov.tw/cp-668-115391-24.html' },
  { key: 'tw-165', country: 'TW', kind: 'police', name: '165 反詐騙諮詢專線', phone: '165', source: 'https://tw.news.yahoo.com/%E8%87%BA%E6%9D%B1%E8%AD%A6%E8%B5%B0%E9%80%B2%E5%BE%A9%E8%88%88%E5%9C%8B%E5%B0%8F-%E5%AE%A3%E5%B0%8E%E6%95%B8%E4%BD%8D%E6%80%A7%E5%88%A5%E6%9A%B4%E5%8A%9B%E8%88%87%E9%98%B2%E8%A9%90-100857177.html' },
  { key: 'tw-ncii', country: 'TW', kind: 'image_removal', name: '衛生福利部性影像處理中心', phone: '02-6605-7373', url: 'https://tw-ncii.win.org.tw/', source: 'https://n.yam.com/Article/20240627322734' },
  { key: 'tw-113', country: 'TW', kind: 'support', name: '113 保護專線', phone: '113', source: 'https://penghudaily.blogspot.com/2019/12/110.html' },

  // Spain
  { key: 'es-112', country: 'ES', kind: 'emergency', name: '112', phone: '112', source: 'https://en.wikipedia.org/wiki/112_(emergency_telephone_number)' },
  { key: 'es-incibe-017', country: 'ES', kind: 'cyber_report', name: 'INCIBE, Línea de Ayuda en Ciberseguridad', phone: '017', source: 'https://www.diariodejerez.es/jerez/nuevos-correos-electronicos-sextorsion-videos-intimos_0_2006155919.html' },

  // Mexico
  { key: 'mx-911', country: 'MX', kind: 'emergency', name: '911', phone: '911', source: 'https://www.mexicoalminuto.online/cdmx/recibiste-una-llamada-sospechosa-asi-puedes-frenar-una-extorsion-en-cdmx' },
  { key: 'mx-089', country: 'MX', kind: 'police', name: 'Denuncia anónima 089', phone: '089', source: 'https://pulsoslp.com.mx/seguridad/si-te-amenazan-cuelga-de-inmediato-alerta-la-sspc/1999739' },

  // France
  { key: 'fr-112', country: 'FR', kind: 'emergency', name: '112', phone: '112', source: 'https://en.wikipedia.org/wiki/112_(emergency_telephone_number)' },
  { key: 'fr-3018', country: 'FR', kind: 'support', name: '3018 (e-Enfance, violences numériques)', phone: '3018', source: 'https://inc-conso.fr/node/17023' },
  { key: 'fr-pharos', country: 'FR', kind: 'cyber_report', name: 'PHAROS, signalement des contenus illicites', url: 'https://www.internet-signalement.gouv.fr/', source: 'https://www.netecoute.fr/2017/07/27/beau-chaud-reflechissez-denlever-bas-haut/' },
  { key: 'fr-cybermalveillance', country: 'FR', kind: 'support', name: 'Cybermalveillance.gouv.fr', url: 'https://www.cybermalveillance.gouv.fr/', source: 'https://inc-conso.fr/node/17023' },

  // Brazil
  { key: 'br-190', country: 'BR', kind: 'emergency', name: '190 Polícia Militar', phone: '190', source: 'https://app.campoflorido.mg.gov.br/carta-de-servicos/c/2/i/14661/acionar-emergencia-policial-190' },
  { key: 'br-safernet', country: 'BR', kind: 'cyber_report', name: 'SaferNet Brasil', url: 'https://new.safernet.org.br/', source: 'https://new.safernet.org.br/content/politica-de-protecao-para-criancas-adolescentes-e-adultos-vulneraveis' },
  { key: 'br-disque-100', country: 'BR', kind: 'child_protection', name: 'Disque 100 (direitos humanos)', phone: '100', source: 'https://stage.nsctotal.com.br/noticias/veja-como-denunciar-casos-de-abuso-e-exploracao-sexual-de-criancas-e-adolescentes' },

  // Indonesia
  { key: 'id-110', country: 'ID', kind: 'emergency', name: 'Call Center Polri 110', phone: '110', source: 'https://www.detik.com/sumut/berita/d-7220951/berapa-nomor-darurat-polisi-ini-dia-layanan-call-center-110' },
  { key: 'id-sapa-129', country: 'ID', kind: 'support', name: 'SAPA 129 (KemenPPPA)', phone: '129', source: 'https://indonesia.go.id/kategori/kependudukan/8877/lapor-kasus-kdrt-bisa-pakai-satusehat-mobile?lang=1' },

  // Vietnam
  { key: 'vn-113', country: 'VN', kind: 'emergency', name: 'Công an 113', phone: '113', source: 'https://nhiepanhvacuocsong.net/print-54961.html' },
  { key: 'vn-111', country: 'VN', kind: 'child_protection', audience: 'under18', name: 'Tổng đài quốc gia bảo vệ trẻ em 111', phone: '111', source: 'https://thanhnien.vn/canh-bao-bien-the-nguy-hiem-cua-lua-dao-truc-tuyen-90-nan-nhan-la-nu-sinh-185251118153121427.htm' },

  // Thailand
  { key: 'th-191', country: 'TH', kind: 'emergency', name: 'แจ้งเหตุด่วนเหตุร้าย 191', phone: '191', source: 'https://viewnews.online/Social-crime/detail/768/emergency-help-thailand' },
  { key: 'th-aoc-1441', country: 'TH', kind: 'cyber_report', name: 'ศูนย์ AOC สายด่วน 1441', phone: '1441', url: 'https://www.thaipoliceonline.go.th/', source: 'https://gcc.go.th/2024/07/06/%e0%b8%81%e0%b8%a3%e0%b8%a1%e0%b8%81%e0%b8%b2%e0%b8%a3%e0%b8%81%e0%b8%87%e0%b8%aa%e0%b8%b8%e0%b8%a5-%e0%b9%81%e0%b8%99%e0%b8%b0%e0%b9%81%e0%b8%99%e0%b8%a7%e0%b8%97%e0%b8%b2%e0%b8%87%e0%b8%81%e0%b8%b2' },

  // Malaysia
  { key: 'my-999', country: 'MY', kind: 'emergency', name: 'MERS 999', phone: '999', source: 'https://www.malaymail.com/news/malaysia/2025/11/20/tm-clarifies-saveme999-app-is-complementary-as-999-hotline-continues-as-primary-emergency-service/199132' },
  { key: 'my-nsrc-997', country: 'MY', kind: 'cyber_report', name: 'National Scam Response Centre (NSRC)', phone: '997', source: 'https://www.malaymail.com/news/malaysia/2026/03/03/call-997-right-away-if-you-suspect-a-scam-fahmi-tells-malaysians/211156' },
];

export const DEFAULT_HOTLINES: Hotline[] = LINES.map((line) => ({ audience: 'all', ...line }));

