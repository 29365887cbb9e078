// Concept classes: small multilingual word classes (a video call, a camera, an install verb, an audience, an
// amount, a deadline…); a listed pair of them seen in the same message is one model feature (single concepts
// are not: see conceptFeatures). Why: the strong cues in lexicon-acts.ts are whole wordings, precise where they hit and silent one word
// away; the character n-grams only know the wordings of the training lines. A concept is one step more abstract —
// "any install verb" and "any broken-audio word" — and a pair is the act's shape ("audio problem" + "install",
// "recorded" + "audience", "pay" + "deadline"), so a model that learned the shape from Japanese paraphrases also
// reads a Korean or Italian line it never saw with the same shape.
// Only presence matters (no spans), so each concept is one non-global regex test: cheaper than the cue scan.
// Patterns run on the `latin` view (lower-cased, obfuscation undone); CJK/Hangul/Thai/Devanagari pass unchanged.
// Stems, not whole forms, so inflection (ja/ko verb endings, Romance conjugation) does not hide a concept.
import { registerLatinPatterns } from './latin-patterns.ts';

export interface Concept {
  name: string;
  pattern: RegExp;
}

/** Spaces are optional (collapsed s p a c i n g glues words), like in lexicon.ts. */
function concept(name: string, source: string): Concept {
  return { name, pattern: new RegExp(source.replaceAll(' ', ' ?'), 'u') };
}

export const CONCEPTS: readonly Concept[] = [
  concept('VIDEO_CALL', String.raw`video[- ]?call|vid[- ]?call|video[- ]?chat|facetime|\bvcs?\b|webcam|\bcam\b|skype call|ビデオ通話|ビデオ電話|テレビ電話|ビデオチャット|ライブチャット|カメラ通話|フェイスタイム|通話|顔出し|顔(?:を)?見(?:て|せ|ながら)|映像(?:を)?つな|영상 ?통화|영상 ?채팅|영상으로|영통|화상|페이스톡|페톡|캠|얼굴 ?(?:보|보면서|보고) ?(?:얘기|대화)|视频|視頻|视讯|視訊|裸聊|videollamada|llamada de video|appel vidéo|visio|chamada de vídeo|videochiamata|videoanruf|görüntülü|panggilan video|gọi video|call video|วิดีโอคอล|คอลวิดีโอ|वीडियो कॉल|video kol|مكالمة فيديو|مكالمة الفيديو|فيديو كول|اتصال فيديو|वीडियो चैट`),
  concept('CAMERA', String.raw`camera|\bcam\b|webcam|カメラ|顔|카메라|캠|얼굴|摄像头|攝像頭|镜头|鏡頭|cámara|caméra|câmera|telecamera|kamera|กล้อง|कैमरा|mukha`),
  concept('MESSENGER', String.raw`skype|telegram|whats ?app|\bwa\b|\bline\b|kakao|katalk|wechat|weixin|snap(?:chat)?\b|signal|viber|\bkik\b|discord|instagram|\binsta\b|\big\b|messenger|zalo|\bqq\b|スカイプ|ライン|テレグラム|カカオ|インスタ|카톡|카카오|텔레그램|라인|스카이프|인스타|微信|电报|飞机|ไลน์|เทเลแกรม|टेलीग्राम|व्हाट्सएप|واتساب|واتس|تيليجرام|تلغرام|سناب|انستا|ماسنجر|سكايب`),
  concept('MOVE_VERB', String.raw`\bmove\b|switch|continue|\badd me\b|add (?:mo|aku|saya)|hit me up|text me|message me|talk (?:on|there|better)|chat (?:on|there)|let'?s go|移(?:ろ|動|っ|り)|交換|追加|続き|で話|に来|넘어|옮기|옮겨|추가|으로 가|로 가|로 하자|에서 (?:하|얘기)|加我|加个|换到|去(?:微信|qq)|聊吧|pasemos|seguimos|agrég|escríbe|passe sur|ajoute|continue sur|viens sur|me adiciona|vamos (?:para|pro)|passiamo|aggiungimi|pindah|lipat|kết bạn|chuyển sang|qua .{0,10} đi|ย้าย|แอด|ทักมา|पर (?:चलो|आओ|बात)|pe (?:chalo|aao|baat)|ضيفني|أضفني|اضفني|كلمني على|تعال على|خلينا نكمل`),
  concept('PRIVATE_PLACE', String.raw`private|secret|discreet|safe(?:r)?\b|somewhere else|another (?:app|place)|better app|은밀|조용|편하게|다른 ?(?:곳|앱|어플|메신저)|別の|他の|安全|こっそり|私密|安全|隐秘|privado|privé|privada|discret|privato|rahasia|aman|pribadi|sikreto|riêng tư|ส่วนตัว|प्राइवेट|akela`),
  concept('ALONE', String.raw`alone|by yourself|your room|in bed|一人|ひとり|部屋|혼자|방에|一个人|房间|\bsol[oa]\b|seul|sozinh|da sol|allein|yalnız|sendiri|mag-?isa|một mình|คนเดียว|อยู่คนเดียว|अकेले|akele|لوحدك|وحدك|بمفردك`),
  concept('APP_WORD', String.raw`\bapps?\b|\bapk\b|application|plug-?in|program|software|\bfile\b|アプリ|ソフト|プログラム|ファイル|어플|앱|프로그램|파일|软件|軟體|应用|應用|插件|程序|aplicaci|aplicativo|\bappli|applicazione|anwendung|uygulama|aplikasi|ứng dụng|แอป|แอพ|ऐप|एप|تطبيق|برنامج|ملف`),
  concept('INSTALL_VERB', String.raw`install|download|\bget (?:it|this|the)\b|update|入れ|インストール|ダウンロード|落と|アップデート|설치|깔|다운|업데이트|安装|安裝|下载|下載|装一|裝|更新|instal|descarg|bája|télécharg|baix|scaric|herunterlad|indir|kur\b|pasang|unduh|muat turun|cài|tải|ติดตั้ง|โหลด|ลงแอ|इंस्टॉल|डाउनलोड|daal lo|ثبت|تثبيت|نزل|حمل|تحميل`),
  concept('LINK_WORD', String.raw`\blink\b|\burl\b|click|tap here|リンク|url|ここから|링크|주소|클릭|链接|鏈接|点击|點擊|enlace|lien|clique|clic|tautan|klik|i-?click|liên kết|bấm|ลิงก์|คลิก|लिंक|क्लिक`),
  concept('AUDIO_PROBLEM', String.raw`can'?t hear|cannot hear|no sound|no audio|\baudio\b|\bmic\b|microphone|sound|voice|frozen|lag|choppy|聞こえ|音声|音が|声が|マイク|途切れ|소리|들리|들려|음성|마이크|목소리|오디오|끊기|끊겨|听不|聽不|声音|聲音|没声|麦克风|卡顿|卡了|sonido|escucho|audio|\bson\b|entends|\bsom\b|ouvi|suono|sento|ton\b|ses\b|suara|dengar|bunyi|marinig|tunog|tiếng|nghe|เสียง|ไมค์|आवाज़|आवाज|awaaz|माइक|الصوت|صوت|ما اسمع|لا أسمع|مايك`),
  concept('QUALITY', String.raw`quality|clearer|clear|better|blurry|improve|画質|はっきり|きれいに|綺麗|見えない|화질|선명|개선|잘 (?:안 )?보이|清楚|清晰|画质|畫質|calidad|qualité|qualidade|qualità|kualitas|jernih|malinaw|chất lượng|rõ|ชัด|क्वालिटी|साफ`),
  concept('RECORDED', String.raw`record|screenshot|screen ?shot|screen ?record|captured|saved|filmed|footage|録画|録音|撮影|撮っ|保存|スクショ|キャプチャ|녹화|녹음|저장|캡처|캡쳐|찍었|촬영|录|錄|截图|截圖|保存|拍下|grab(?:é|ad|ac)|guardé|enregistr|film[ée]|capture|grav(?:ei|ad|aç)|salvei|registrat|aufgezeichnet|aufgenommen|kaydett|kayded|rekam|rakam|simpan|na-?record|ni-?record|quay|chụp|lưu|อัด|บันทึก|แคป|रिकॉर्ड|record kar|سجلت|تسجيل|صورتك|صورت|صوّرت|لقطة شاشة`),
  concept('MEDIA', String.raw`video|\bvids?\b|clip|footage|pics?\b|photos?|pictures?|images?|nudes|screenshots?|動画|画像|写真|映像|ムービー|영상|동영상|사진|이미지|视频|視頻|照片|图片|圖片|裸照|vídeo|fotos?|imágenes|vidéo|image|immagin|bild(?:er)?|görüntü|fotoğraf|rekaman|gambar|litrato|ảnh|clip|คลิป|รูป|ภาพ|वीडियो|फोटो|फ़ोटो|तस्वीर|صور|صورك|صورة|فيديو|مقطع|الفيديو|المقطع`),
  concept('CONTACT_LIST', String.raw`contacts?\b|contact list|friend ?list|followers? list|phone ?book|address ?book|电话本|電話帳|アドレス帳|連絡先|友(?:達|だち|人)リスト|フォロワー|知り合い(?:全員|の番号)|연락처|주소록|전화번호부|친구 ?목록|지인 ?(?:번호|목록|연락처)|가족 ?연락처|팔로워|通讯录|通訊錄|联系人|聯絡人|好友列表|contactos|agenda|répertoire|contatos|contatti|rubrica|kontakte|kontaktlist|rehber|kişiler|kontak|daftar teman|danh bạ|รายชื่อ|คอนแทค|कॉन्टैक्ट|contact number|جهات الاتصال|جهات اتصالك|قائمة الأصدقاء|أرقام أصدقائك`),
  concept('AUDIENCE', String.raw`family|friends|followers|classmates|coworkers|colleagues|everyone|everybody|school|boss|employer|parents|\bmom\b|\bdad\b|mother|father|sister|brother|wife|girlfriend|relatives|cousins|internet|social media|facebook|instagram|tiktok|youtube|家族|友達|友人|学校|両親|親|会社|職場|同僚|知り合い|みんな|全員|ネット|妻|嫁|彼女|가족|친구|부모|엄마|아빠|학교|회사|직장|지인|동료|와이프|아내|인터넷|sns|단톡|家人|朋友|同学|同事|老婆|父母|亲戚|親戚|网上|網上|老板|familia|amigos|seguidores|padres|esposa|novia|jefe|famille|amis|parents|patron|collègues|copine|femme|família|amigos|esposa|chefe|famiglia|amici|genitori|moglie|familie|freunde|eltern|aile|arkadaş|keluarga|teman|ortu|istri|pacar|atasan|pamilya|kaibigan|magulang|asawa|gia đình|bạn bè|vợ|người thân|đồng nghiệp|ครอบครัว|เพื่อน|พ่อแม่|แฟน|परिवार|दोस्त|रिश्तेदार|पत्नी|parivaar|dost|ghar|أصدقائك|اصدقائك|أصحابك|عائلتك|أهلك|اهلك|أسرتك|زوجتك|أمك|أبوك|الجميع|فيسبوك|الانترنت|الإنترنت|زملائك`),
  concept('SPREAD_VERB', String.raw`\bsend|\bpost|share|leak|upload|spread|expose|viral|forward|publish|disseminat|distribut|tag you|ばらま|バラま|ばら撒|晒|さらす|さらさ|拡散|流出|流す|流さ|送り付|送りつけ|送る|送信|公開|ばらす|バラす|アップ|貼|載せ|回す|上げ(?:る|て|ちゃ)|유포|뿌리|뿌릴|뿌린|뿌려|퍼뜨|퍼트|올리|올릴|올린|올려|돌리|돌린|보내|보낼|보냄|공개|전송|发给|發給|发到|發到|曝光|公开|公開|散布|传到|傳到|发群|publica|difund|sub(?:o|ir|iré)\b|envi(?:o|ar|aré)|mand(?:o|ar|aré)|publier|publie|envoy|envoie|balanc|partag|diffus|postar|divulg|espalh|mandar|pubblic|diffond|mett(?:o|erò) su|schick|veröffentlich|verbreit|gönder|yay(?:ar|ınla)|paylaş|bildir|sebar|kirim|upload|unggah|ikalat|ipadala|i-?post|ipakita|gửi|đăng|phát tán|tung|ส่ง|โพสต์|ประจาน|ปล่อย|भेज|वायरल|डाल|शेयर|bhej|daal|share kar|سأنشر|سانشر|أنشر|انشر|نشر|سأرسل|سارسل|أرسل|ارسل|سأفضح|افضحك|أفضحك|فضح|سأشارك|ينتشر|بنشر|هنشر|هبعت|بعت|보낸다|퍼뜨린다|올린다`),
  concept('HAVE_DATA', String.raw`i (?:have|got|still have|now have)\b|we (?:have|got)\b|i(?:'ve| have) (?:got|taken|copied|hacked|accessed|downloaded)|hacked|stole|copied|grabbed|gathered|harvested|data|持って|手に入|入手|抜き取|抜いた|盗|データ|取得|가지고|갖고|빼(?:왔|냈|갔)|털었|해킹|데이터|다 있|확보|我有|我手上|已经拿到|盗取|获取|数据|tengo|tenemos|j'ai|nous avons|tenho|temos|ho (?:le|tutti|tutto)|abbiamo|ich habe|habe ich|elimizde|aku punya|saya punya|udah dapet|nasa akin|tôi có|มีคลิป|ได้ข้อมูล|मेरे पास|mere paas|لدي|لديّ|عندي|معي|أملك|اخترقت|سرقت`),
  concept('MONEY', String.raw`money|cash|\bfunds?\b|dollars?|bucks|お金|金を|カネ|円|돈|원\b|만원|钱|錢|元\b|块|塊|dinero|plata|pesos?|argent|fric|dinheiro|grana|reais|soldi|euro|geld|para\b|lira|uang|duit|rupiah|ringgit|pera|tiền|đồng|triệu|เงิน|บาท|पैसे|रुपये|paise|rupees?|bitcoin|btc|usdt|crypto|مال|المال|فلوس|المبلغ|مبلغ|دولار|ريال|جنيه|درهم|دينار|fcfa|cfa|francs?|naira|cedis?|shillings?`),
  concept('AMOUNT', String.raw`[$₱₩¥€£₹฿]\s?\d|\d[\d,.]*\s?(?:usd|dollars?|bucks|k\b|円|万|千|원|만원|元|块|塊|pesos?|euros?|€|reais|lira|tl\b|rp|juta|ribu|rb\b|rm\b|triệu|nghìn|k\b|บาท|रुपये|rs\b|inr|hazaar|lakh)|\brp ?\d|\b(?:us|rs|inr|php)\s?\d|\d[\d,.]*\s?(?:fcfa|cfa|francs|naira|ريال|دولار|جنيه|درهم)|\d+ ?millions?`),
  concept('PAY_VERB', String.raw`\bpay|payment|transfer|\bwire\b|deposit|\bsend (?:me )?(?:the )?(?:money|cash|\$)|settle|\bgive me (?:that |the )?(?:money|(?:us)?\$|\d)|demand|払|支払|振(?:り)?込|送金|入金|買い取|示談|입금|송금|이체|결제|보내(?:라|줘|면)|돈을? ?(?:줘|주|보내)|합의금|转账|轉帳|打钱|打錢|付款|付钱|汇款|匯款|转给|给钱|給錢|储值|儲值|pag(?:a|ue|ar|ues|as|ame|ues)\b|deposit|transfi|envía (?:el )?dinero|payer|paie|paye|virement|pagar|pague|transfir|paga\b|pagare|versa|bezahl|zahl|überweis|öde|ödeme|gönder|bayar|transfer|\btf\b|magbayad|bayaran|padala|chuyển (?:tiền|khoản)|trả|nộp|โอน|จ่าย|भेजो|पैसे भेज|भुगतान|bhejo|transfer kar|de do|ادفع|تدفع|الدفع|دفع|حول لي|حوّل|أرسل (?:المال|المبلغ|الفلوس)|ابعت الفلوس|\bi want (?:the )?(?:\$|us\$|\d|money|cash)|fair price|买回|買い取|give me (?:the )?money`),
  concept('PAY_RAIL', String.raw`gift ?card|itunes|google play|steam|amazon|apple card|razer|bitcoin|btc|usdt|crypto|wallet|cash ?app|venmo|zelle|paypal|western union|moneygram|gcash|maya|paypay|bank|account number|電子マネー|ギフト|プリペイド|口座|銀行|ビットコイン|仮想通貨|暗号資産|paypay|상품권|기프트|계좌|은행|핀번호|비트코인|코인|支付宝|支付寶|银行卡|銀行卡|账户|帳戶|点卡|卡密|比特币|tarjeta de regalo|cuenta|carte cadeau|compte|pcs|transcash|neosurf|pix|conta|ricarica|postepay|konto|hesap|rekening|dana\b|ovo|gopay|momo|tài khoản|ngân hàng|บัญชี|พร้อมเพย์|ธนาคาร|paytm|upi|gpay|phonepe|बैंक|खाता|webmoney|ウェブマネー|ポイントカード|ポイソトカード|プリペ|アイチューンズ|グーグルプレイ|アマゾンギフト|ギフト券|ギフトカード|편의점 ?캐시|구글 ?기프트|구글플레이|상품권|paysafe|guthaben|carte prépayée|tarjeta prepago|vale[- ]presente|cartão[- ]presente|money ?order|moneypak|green ?dot|vanilla|بطاقة|بطاقات|شحن|ويسترن يونيون|حساب بنكي`),
  concept('DEADLINE', String.raw`\d+ ?(?:hours?|hrs?|minutes?|mins?|days?)\b|\bhours?\b|deadline|right now|\bnow\b|today|tonight|by tomorrow|immediately|last (?:chance|warning)|時間以内|分以内|今日中|今すぐ|すぐに|明日まで|期限|까지|시간 ?(?:안|내|이내)|분 ?(?:안|내)|지금 ?(?:당장|바로)|당장|오늘|小时内|小時內|分钟内|马上|馬上|立刻|今天|最后|horas|ahora|hoy|inmediat|heures|maintenant|aujourd'hui|tout de suite|agora|hoje|ore\b|subito|oggi|stunden|sofort|heute|saat içinde|hemen|bugün|jam\b|sekarang|hari ini|segera|oras|ngayon|agad|giờ|ngay|hôm nay|phút|ชั่วโมง|ทันที|วันนี้|นาที|घंटे|अभी|आज|ghante|abhi|aaj|ساعة|ساعات|الآن|الان|اليوم|فورا|فوراً|دقيقة|دقائق|حالا`),
  concept('CONDITION', String.raw`\bif (?:you )?(?:don'?t|do not|dont|won'?t|refuse|fail|ignore)|\bunless\b|or else|otherwise|\beither\b|\bor i\b|なければ|ないと|なかったら|ないなら|しないと|くれなかったら|지 ?않으면|안 ?하면|안 ?주면|않으면|싫으면|不然|否则|否則|要不然|如果不|不给|si no\b|o si no|sinon|si tu ne|ou je|ou bien|se não|senão|ou eu|altrimenti|se non|sonst|wenn (?:du|sie) nicht|yoksa|yapmazsan|kalau (?:gak|nggak|tidak|tak)|atau aku|kung hindi|kundi|nếu không|hay là|ไม่งั้น|ถ้าไม่|वरना|नहीं तो|warna|nahi to|\bif not\b|\bor (?:i|we)(?:'ll| will| am| 'm|'m| shall)|\bor else\b|\bo (?:pubblico|mando|invio|publico|mando|envío)|se (?:você|vc|tu|voce) não|si (?:no )?(?:me )?pagas|وإلا|والا|وإلّا|إذا لم|اذا لم|إن لم|ان لم|لو ما|لو لم|اذا ما|안 ?(?:보내|갚|사|줘|내|입금하|송금하)(?:으)?면`),
  concept('DOOM', String.raw`ruin|destroy|finished|your life|reputation|career|jail|prison|regret|last warning|人生|終わり|終わる|破滅|めちゃくちゃ|後悔|社会的|인생|끝(?:이|장|난)|망하|망신|후회|매장|人生|完了|毁|毀|身败名裂|后悔|arruin|destru|acabar|carrera|ruiner|détrui|fini|carrière|regrett|rovinare|distrugg|zerstör|ruin|mahvet|hancur|rusak|sirain|masisira|hủy hoại|tiêu đời|danh dự|พัง|จบ|เสียชื่อ|बर्बाद|बदनाम|barbaad|badnaam|حياتك|سمعتك|فضيحة|فضيحتك|ستندم|راح تندم|مستقبلك`),
  concept('AUTHORITY', String.raw`police|cops?\b|arrest|detective|officer|court|lawyer|prosecutor|underage|minor\b|1[0-7] ?(?:years? old|yo|y/o|yaşında|歳|살|岁|歲|ans\b|años|anni|jahre|anos|tuổi|tahun|taong gulang)|警察|逮捕|刑事|容疑|未成年|裁判|弁護士|경찰|체포|수사|검찰|미성년|변호사|법원|警察|公安|逮捕|抓|未成年|法院|律师|policía|policia|arresto|menor|abogado|fiscal|police|gendarm|mineur|avocat|polícia|preso|polizia|minorenne|avvocato|polizei|anwalt|minderjährig|polis|savcı|avukat|dava|polisi|ditangkap|pengacara|pulis|pulisya|abogado|công an|cảnh sát|bị bắt|ตำรวจ|จับ|ศาล|पुलिस|गिरफ्तार|वकील|police|giraftar|الشرطة|شرطة|قاصر|المحكمة|النيابة`),
  concept('UNDRESS', String.raw`take (?:off|it off|everything off)|undress|naked|nude|strip|clothes|shirt off|topless|脱|裸|服を|下着|全裸|벗|알몸|나체|옷|속옷|脱|裸|衣服|内衣|quít|desnud|ropa|déshabill|\bnue?\b|enlève|vêtements|tira a roupa|pelad|nu[ao]?\b|roupa|spogli|nud[oa]|vestiti|auszieh|nackt|soyun|çıplak|telanjang|bugil|bogel|buka baju|lepas|hubad|hubo|cởi|khỏa thân|ถอด|แก้ผ้า|เปลือย|कपड़े|नंगा|नंगी|kapde|nanga|nangi|اخلع|اخلعي|عاري|عارية|ملابسك|بدون ملابس`),
  concept('BODY', String.raw`body|chest|breasts?|boobs|tits|dick|penis|cock|private parts|privates|\bass\b|butt|genitals|体|身体|胸|おっぱい|下半身|アソコ|あそこ|局部|性器|몸|가슴|성기|몸매|下面|身体|胸|私处|下体|cuerpo|pecho|tetas|pene|partes|corps|seins|sexe|corpo|peito|pau|corpo|seno|körper|brüste|vücut|badan|tubuh|dada|payudara|kontol|katawan|dibdib|người|ngực|cơ thể|หุ่น|ร่างกาย|หน้าอก|शरीर|बॉडी|badan|body|جسمك|جسدك|صدرك|바디`),
  concept('SEXUAL', String.raw`\bsex|sexy|horny|müstehcen|cinsel|naughty|masturbat|jerk off|porn|\bhot\b|spicy|dirty|intimate|explicit|nasty|エッチ|エロ|オナニ|自慰|セックス|性的|わいせつ|猥褻|いやらしい|야한|자위|섹스|음란|야동|성적|몸캠|色情|自慰|性爱|裸聊|淫|sexo|caliente|masturb|íntim|sexe|coquin|chaud|érotique|sexo|tesão|safad|sesso|masturb|sex|masturbation|seks|mesum|bokep|libog|malibog|tình dục|nóng|sex|เซ็กส์|โป๊|ลามก|सेक्स|अश्लील|sexy|جنس|جنسي|إباحي|اباحي|سكس`),
  concept('SHOW_VERB', String.raw`\bshow\b|let me see|can i see|wanna see|want to see|see (?:you|your|it|more)|look at|見せ|見たい|見て|見せっこ|보여|보고 ?싶|볼래|보자|给我看|給我看|看看|想看|让我看|muéstr|enséñ|quiero ver|déjame ver|montre|je veux voir|fais voir|mostr|quero ver|fammi vedere|voglio vedere|zeig|göster|tunjuk|lihat|liatin|mau lihat|ipakita|patingin|cho (?:anh|em|tôi) xem|xem (?:nào|đi)|โชว์|ขอดู|อยากดู|दिखा|देखना|dikha|dekhna|وريني|ورني|أرني|اريني|خليني أشوف|بدي شوف|바디 ?체크|body ?check|ボディチェック|身体检查`),
  concept('MUTUAL', String.raw`each other|together|you first|your turn|me too|exchange|trade|swap|お互い|見せ合|一緒に|交換|서로|같이|함께|교환|互相|一起|交换|juntos|mutuo|ensemble|chacun|juntos|um pro outro|insieme|zusammen|birlikte|bareng|sama-sama|tukeran|magkasama|palitan|cùng|trao đổi|ด้วยกัน|แลก|साथ|एक दूसरे|saath`),
  // Gift-card and voucher payment (issue 10, dev misses): "buy me a card at the convenience store and send a photo of
  // the code" is a payment demand without a pay verb, an amount or a rail the lists above know.
  concept('BUY_VERB', String.raw`\bbuy|\bbought|purchase|\bget me (?:a|some|\d)|pick up (?:a|some|\d)|買って|買う|買った|買い|購入|구매|구입|사서|사 ?(?:줘|다|와|오)|사야|买|買|购买|購買|compra|comprar|compre|achète|acheter|achat|comprare|compri|kauf|satın al|al(?:ır mısın|abilir)|beli|bilhin|bumili|mua|ซื้อ|खरीद|kharid|اشتر|شراء|اشتري`),
  concept('STORE', String.raw`convenience store|\bstore\b|\bshop\b|walmart|cvs|walgreens|7-?eleven|gas station|supermarket|コンビニ|ソユビニ|セブン|ローソン|ファミマ|店|편의점|마트|gs25|세븐일레븐|便利店|超市|711|tienda|oxxo|bureau de tabac|tabac|supermarché|loja|lotérica|tabaccheria|edicola|kiosk|tankstelle|market|indomaret|alfamart|tindahan|cửa hàng|ร้านสะดวกซื้อ|เซเว่น|दुकान|dukaan|متجر|سوبر ماركت|بقالة`),
  concept('CODE', String.raw`\bcodes?\b|card numbers?|\bpin\b|serial|receipt|scratch|the back of|番号|コード|裏(?:に|の)|レシート|핀 ?번호|번호|영수증|코드|卡号|卡號|密码|卡密|序列号|收据|código|numéro|code|recibo|reçu|ticket|codice|scontrino|nummer|beleg|kod\b|fiş|kode|nomor|resi|numero|mã số|mã thẻ|hóa đơn|รหัส|ใบเสร็จ|कोड|रसीद|الكود|رمز|الرقم|إيصال`),
  // Second person + a relation word ("your mom", "ta femme", "sua família", 너희 가족, あなたの家族, 你的家人,
  // عائلتك): the threat's list of targets. AUDIENCE alone is "family" in any mail; with "your" it is the victim's
  // people, which ordinary chat names far less often next to a send or a picture.
  concept('YOUR_PEOPLE', String.raw`\b(?:your|ur|yo|yur) (?:whole |entire |own )?(?:family|famil|friends?|followers|mom|mum|mother|dad|father|parents|wife|girlfriend|gf|husband|boss|employer|coworkers|colleagues|classmates|school|church|relatives|cousins|brothers?|sisters?|kids|children|contacts|friend ?list)|\ball (?:of )?your (?:friends|family|contacts|followers)|(?:あなた|君|きみ|お前|おまえ|てめえ)の(?:家族|親|両親|友達|友人|会社|職場|学校|彼女|妻|嫁|知り合い|フォロワー)|(?:너|니|너희|네|당신|자기)(?:의)? ?(?:가족|친구|부모|엄마|아빠|와이프|아내|여친|회사|직장|학교|지인|동료|팔로워)|你(?:的)?(?:家人|朋友|父母|老婆|同事|同学|老板|女朋友|爸妈|亲戚|親戚)|tu (?:familia|esposa|novia|jefe|mamá|madre|padre)|tus (?:amigos|padres|contactos|seguidores|hijos|compañeros)|ta (?:famille|femme|copine|mère|meuf)|tes (?:amis|parents|enfants|collègues|contacts|potes)|(?:sua|tua) (?:família|familia|esposa|mulher|namorada|mãe|mae|famiglia|moglie|ragazza|madre)|(?:seus|teus|tuoi) (?:amigos|pais|contatos|seguidori|amici|genitori|colleghi)|dein(?:e|en)? (?:familie|freunde|eltern|frau|freundin|chef|kollegen|kontakte)|ihre (?:familie|freunde|frau|kontakte)|ailene|arkadaşların|keluargamu|keluarga kamu|temanmu|teman-temanmu|pamilya mo|kaibigan mo|gia đình (?:mày|ông|anh|em|bạn)|vợ con|bạn bè (?:mày|ông|anh)|ครอบครัวคุณ|เพื่อนคุณ|तुम्हारे (?:घर|परिवार|दोस्त)|आपके (?:परिवार|दोस्त)|tere (?:ghar|dost|parivaar)|tumhare (?:ghar|dost)|عائلتك|أصدقائك|اصدقائك|أهلك|اهلك|زوجتك|أسرتك`),
  // Reported speech, the passive and the third person: a victim, a parent, the police or the news describing a
  // threat or a demand ("I was told they'd send it", 「ばらまくと脅された」, "협박을 받았어요", 他说要…). Paired
  // with the threat and payment concepts it lets the model tell describing an act from doing it (issue 10).
  concept('REPORTED', String.raw`\b(?:was|were|got|been|being|am) (?:threatened|told|asked|blackmailed|extorted|sextorted|recorded|scammed)|\bthreatened (?:to|me|him|her|us|with)|\bthreatening (?:to|me|him|her)|(?:he|she|they|scammers?|blackmailers?|someone|the (?:man|guy|person|suspects?)) (?:said|says|told|claimed|claims|threatens|demanded|wanted|keeps saying)|said (?:he|she|they)(?:'d| would| will| had)|saying (?:they|he|she)(?:'d| would| will)|accused of|police (?:say|said|warn)|what (?:do|should) i do|\bthe scammer\b|\bscammers\b|\bblackmailers?\b|\bvictims?\b|\bsuspects?\b|(?:was|were) going to|\b(?:told|asked) (?:me|him|her|us|them) to|\bi (?:installed|downloaded|clicked|sent him|sent her|paid)\b|と言われ|って言われ|と脅さ|脅され|脅迫され|脅迫されて|脅した|脅して(?:い|き)|脅す(?:メール|手口|詐欺)|要求され|請求され|求められ|されたらしい|されてた|んだって|らしい|被害|容疑|相談|手口|犯人|紹介され|持ちかけられ|勧められ|てしまった|てしまいました|するように言|협박(?:을 ?)?(?:받|당)|협박(?:해|하)(?:서|며|고)|당했|당하|했대|한대|한다고|하겠다고|겠다며|라고 ?(?:했|하더)|하길래|하더라|요구(?:받|해 ?왔|했다)|검거|피의자|피해자|상대방이|[다라]며|어떻게 해야|(?:깔|설치하|보내|입금하|보여주)라고|(?:깔았|설치했|눌렀|보냈|입금했)(?:어요|는데|다)|被威胁|被敲诈|被勒索|被要求|他说|她说|对方说|对方让|听说|警方|嫌疑人|怎么办|让我|对方称|威胁其|骗子|受害人|me (?:dijeron|dijo|amenazaron|amenazó|pidieron|pidió|están extorsionando)|le (?:pidieron|exigieron|pidió)|amenazaban|amenazan|amenazantes|iban? a|verían|la víctima|qué hago|m'a menacé|on m'a demandé|menacent|chantage|que faire|allaient|la victime|hat gedroht|drohte|würde man|angeblich|wurde gesagt|werde erpresst|drohen|mi hanno minacciato|mi ha detto|minacciavano|hanno chiesto|avrebbe|la vittima|ameaçou|iria|a vítima|me pediram|ameaçam|tehdit etti|istediler|şantaj|dọa|bị tống tiền|cảnh báo|(?:ばら撒か|ばらまか|バラまか|晒さ|さらさ|拡散さ)れ(?!たく)|流出させられ|送りつけられ|送られて(?:き|しま)|ネットに上げられ|유포됐|유포되었|뿌려졌|올려졌|보내졌|유출됐|was (?:sent|shared|posted|leaked|spread)|got (?:leaked|posted|shared)|هددني|هددوني|تهديد|ابتزاز|ابتزني|قالوا|قال إنه|الضحية|\bopfer\b|täter(?:in|innen)?\b|geschädigt|erpresser|l'escroc|escrocs|maîtres? chanteurs?|slachtoffer|oplichter|afperser|[一-鿿]某(?![人些种個个])|受害者|当事人|事主|涉案`),
];

/**
 * Which concept pairs become features. All pairs of concepts that fired would multiply rare features the training
 * lines cannot weigh; these are the shapes of the five acts (and of the ordinary readings that must stay apart:
 * SHOW_VERB+MEDIA is "show me the photo from your trip" as often as a demand, so it is a feature for the model to
 * weigh, not a rule).
 */
export const CONCEPT_PAIRS: readonly (readonly [string, string])[] = [
  // offplatform
  ['MESSENGER', 'MOVE_VERB'], ['MESSENGER', 'PRIVATE_PLACE'], ['MOVE_VERB', 'PRIVATE_PLACE'], ['VIDEO_CALL', 'ALONE'],
  ['VIDEO_CALL', 'MESSENGER'], ['CAMERA', 'ALONE'], ['VIDEO_CALL', 'MOVE_VERB'], ['CAMERA', 'SHOW_VERB'],
  // app_lure
  ['AUDIO_PROBLEM', 'INSTALL_VERB'], ['AUDIO_PROBLEM', 'APP_WORD'], ['APP_WORD', 'INSTALL_VERB'], ['INSTALL_VERB', 'LINK_WORD'],
  ['QUALITY', 'APP_WORD'], ['QUALITY', 'INSTALL_VERB'], ['VIDEO_CALL', 'APP_WORD'], ['APP_WORD', 'LINK_WORD'],
  ['AUDIO_PROBLEM', 'VIDEO_CALL'], ['APP_WORD', 'PRIVATE_PLACE'], ['APP_WORD', 'MEDIA'],
  // escalation
  ['UNDRESS', 'BODY'], ['SHOW_VERB', 'BODY'], ['SHOW_VERB', 'MUTUAL'], ['CAMERA', 'BODY'], ['SEXUAL', 'VIDEO_CALL'],
  ['SEXUAL', 'SHOW_VERB'], ['UNDRESS', 'CAMERA'], ['UNDRESS', 'SHOW_VERB'], ['UNDRESS', 'MEDIA'], ['SEXUAL', 'MEDIA'],
  ['MUTUAL', 'MEDIA'], ['ALONE', 'SHOW_VERB'], ['UNDRESS', 'VIDEO_CALL'],
  // threat
  ['RECORDED', 'MEDIA'], ['RECORDED', 'AUDIENCE'], ['SPREAD_VERB', 'AUDIENCE'], ['SPREAD_VERB', 'MEDIA'], ['MEDIA', 'AUDIENCE'],
  ['CONTACT_LIST', 'HAVE_DATA'], ['CONTACT_LIST', 'SPREAD_VERB'], ['CONDITION', 'SPREAD_VERB'], ['AUTHORITY', 'SEXUAL'],
  ['AUTHORITY', 'MEDIA'], ['HAVE_DATA', 'MEDIA'], ['DOOM', 'AUDIENCE'], ['SEXUAL', 'AUDIENCE'], ['CONTACT_LIST', 'MEDIA'],
  ['RECORDED', 'SEXUAL'], ['UNDRESS', 'AUDIENCE'], ['UNDRESS', 'SPREAD_VERB'], ['HAVE_DATA', 'SEXUAL'], ['DOOM', 'SPREAD_VERB'],
  ['AUTHORITY', 'CONDITION'], ['AUTHORITY', 'DOOM'], ['SPREAD_VERB', 'SEXUAL'], ['RECORDED', 'VIDEO_CALL'], ['HAVE_DATA', 'AUDIENCE'],
  // payment
  ['PAY_VERB', 'DEADLINE'], ['PAY_VERB', 'AMOUNT'], ['MONEY', 'DEADLINE'], ['CONDITION', 'PAY_VERB'], ['AMOUNT', 'DEADLINE'],
  ['PAY_RAIL', 'AMOUNT'], ['CONDITION', 'MONEY'], ['CONDITION', 'AMOUNT'], ['PAY_VERB', 'MONEY'], ['PAY_RAIL', 'PAY_VERB'],
  ['PAY_VERB', 'SPREAD_VERB'], ['AMOUNT', 'SPREAD_VERB'], ['MONEY', 'SPREAD_VERB'], ['PAY_VERB', 'AUTHORITY'], ['AMOUNT', 'MEDIA'],
  ['PAY_VERB', 'DOOM'], ['MONEY', 'AUTHORITY'],
  ['BUY_VERB', 'PAY_RAIL'], ['BUY_VERB', 'STORE'], ['BUY_VERB', 'CODE'], ['PAY_RAIL', 'CODE'], ['CODE', 'SPREAD_VERB'],
  ['BUY_VERB', 'AMOUNT'], ['STORE', 'PAY_RAIL'],
  // threat, the targets named as the victim's own
  ['YOUR_PEOPLE', 'SPREAD_VERB'], ['YOUR_PEOPLE', 'MEDIA'], ['YOUR_PEOPLE', 'CONDITION'], ['YOUR_PEOPLE', 'PAY_VERB'],
  ['YOUR_PEOPLE', 'RECORDED'], ['YOUR_PEOPLE', 'DOOM'],
  // reported, not done: the ordinary reading of the threat and payment shapes above, for the model to weigh
  ['REPORTED', 'SPREAD_VERB'], ['REPORTED', 'MEDIA'], ['REPORTED', 'AUDIENCE'], ['REPORTED', 'RECORDED'],
  ['REPORTED', 'CONTACT_LIST'], ['REPORTED', 'PAY_VERB'], ['REPORTED', 'MONEY'], ['REPORTED', 'INSTALL_VERB'], ['REPORTED', 'APP_WORD'],
];

const PAIR_INDEX = CONCEPT_PAIRS.map(([a, b]) => [CONCEPTS.findIndex((c) => c.name === a), CONCEPTS.findIndex((c) => c.name === b)] as const);
for (const [k, [a, b]] of PAIR_INDEX.entries()) {
  if (a < 0 || b < 0) throw new Error(`concept pair ${CONCEPT_PAIRS[k].join('+')} names an unknown concept`);
}

/** The concept regexes, run with only the alternatives whose words occur in the text (latin-patterns.ts). */
const CONCEPT_PATTERNS = registerLatinPatterns(CONCEPTS.map((c) => c.pattern));
/** Pair features by pair index, built once instead of a template string per hit per message. */
const PAIR_NAMES = CONCEPT_PAIRS.map(([a, b]) => `pair:${a}+${b}`);

/**
 * `pair:A+B` for every listed pair whose two concepts both occur in `text` (a latin view). Single concepts are not
 * features: measured with dev cross-validation, strong cues off, they cost recall (threat 63→60, payment 41→36 of
 * 99/64 lines) — one broad word ("send", "today", "family") is as common in ordinary mail as in a threat and only
 * taught the model negative weights — while pairs alone gained (offplatform 9→13/14, threat 63→66).
 */
export function conceptFeatures(text: string): string[] {
  CONCEPT_PATTERNS.scan(text);
  const fired: boolean[] = new Array<boolean>(CONCEPTS.length);
  const out: string[] = [];
  for (let i = 0; i < CONCEPTS.length; i++) fired[i] = CONCEPT_PATTERNS.runnable(i)?.test(text) ?? false;
  for (let k = 0; k < PAIR_INDEX.length; k++) {
    const [a, b] = PAIR_INDEX[k];
    if (fired[a] && fired[b]) out.push(PAIR_NAMES[k]);
  }
  return out;
}
